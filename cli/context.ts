import {
  createLogger,
  loadConfig,
  openProjectWarehouse,
  type LoadedConfig,
  type Logger,
} from '../pipelines/index.ts';
import type { MigrateResult, Warehouse } from '../warehouse/index.ts';

/** The global options every command accepts. */
export interface GlobalOptions {
  warehouse?: string;
  config?: string;
  verbose?: boolean;
  quiet?: boolean;
  logFormat?: 'text' | 'json';
}

/** What a command works with: the loaded config, a logger, and a way to open the warehouse once. */
export interface CommandContext {
  readonly opts: GlobalOptions;
  readonly loaded: LoadedConfig;
  readonly log: Logger;
  warehouse(): Promise<{ warehouse: Warehouse; migrations: MigrateResult | null }>;
  close(): Promise<void>;
}

/** Builds the context from global options; the warehouse opens lazily, on first use. */
export async function createContext(opts: GlobalOptions): Promise<CommandContext> {
  const format = opts.logFormat ?? (process.stderr.isTTY ? 'text' : 'json');
  const log = createLogger({ format, quiet: opts.quiet, verbose: opts.verbose });
  const loaded = await loadConfig(opts.config);
  let opened: Promise<{ warehouse: Warehouse; migrations: MigrateResult | null }> | undefined;
  return {
    opts,
    loaded,
    log,
    warehouse() {
      opened ??= openProjectWarehouse(loaded, opts.warehouse);
      return opened;
    },
    async close() {
      if (opened) await (await opened.catch(() => null))?.warehouse.close();
    },
  };
}

/** Wraps a command action so it receives the context and goes through the error choke point. */
export type Run = (
  action: (ctx: CommandContext, ...args: never[]) => Promise<void>,
) => (...args: unknown[]) => Promise<void>;
