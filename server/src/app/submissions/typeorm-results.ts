/** Rows of an `UPDATE … RETURNING` through `EntityManager.query` (TypeORM answers those as `[rows, affected]`). */
export function updated<T>(result: unknown): T[] {
  return (
    Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number'
      ? result[0]
      : result
  ) as T[];
}
