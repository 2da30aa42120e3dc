import { InitialSchema1764028800000 } from './1764028800000-initial-schema';

/** Every migration, in order. The server runs them at start; `npm run migrate` runs them by hand. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const MIGRATIONS: Function[] = [InitialSchema1764028800000];
