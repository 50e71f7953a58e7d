// Types of postgres.mjs (plain JS so that benchmarks/ can use it too).
export function peerEnv(): NodeJS.ProcessEnv;
export function pgBinDir(): string | null;
export interface PgServer {
  port: number;
  stop(): Promise<void>;
}
export function startPostgres(bin: string, options?: { cpu?: number | null }): Promise<PgServer>;
