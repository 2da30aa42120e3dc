export interface LocalPostgres {
  engine: string;
  dataDir: string;
  port: number;
  url: string;
  stop(): Promise<void>;
}
export function freePort(): Promise<number>;
export function startLocalPostgres(opts: {
  dataDir: string;
  port: number;
  log?: (message: string) => void;
}): Promise<LocalPostgres>;
