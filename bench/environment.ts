// What a benchmark run sets up once and tears down at the end: a scratch dir, and the PostgreSQL
// server (started only when a selected case needs it) with a connection to create databases.
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestPostgres } from '../test/harness/postgres.ts';
import { DEFAULT_CONFIG } from '../pipelines/index.ts';
import { openWarehouse, redactUrl, sql, type Warehouse } from '../warehouse/index.ts';
import type { BenchContext, Engine, FreshWarehouse } from './case.ts';

export interface BenchEnvironment {
  readonly scratchDir: string;
  readonly pgUrl: string | null;
  /** Engine versions as the engines report them, for the results file. */
  readonly versions: Record<string, string>;
  context(
    engine: Engine | null,
    opts: { scale: number; repeat: number },
    log: (line: string) => void,
  ): BenchContext;
  close(): Promise<void>;
}

/** Sets up a run; `needsPostgres` starts (or, with CDP_BENCH_PG_URL, reuses) a server. */
export async function openEnvironment(opts: {
  needsPostgres: boolean;
  log: (line: string) => void;
}): Promise<BenchEnvironment> {
  // Under /tmp rather than $TMPDIR: the server user must reach the CSV files, and $TMPDIR may be
  // under a home directory it cannot enter.
  const base = existsSync('/tmp') ? '/tmp' : tmpdir();
  const scratchDir = await mkdtemp(join(base, 'cdp-bench-'));
  await chmod(scratchDir, 0o755);
  const versions: Record<string, string> = {};
  let stopServer: () => Promise<void> = async () => {};
  let pgUrl: string | null = null;
  let admin: Warehouse | null = null;

  const close = async (): Promise<void> => {
    await admin?.close().catch(() => undefined);
    admin = null;
    await stopServer();
    stopServer = async () => {};
    await rm(scratchDir, { recursive: true, force: true });
  };

  try {
    versions.duckdb = await duckdbVersion();
    if (opts.needsPostgres) {
      const reuse = process.env.CDP_BENCH_PG_URL;
      if (reuse) {
        opts.log(`postgres: reusing CDP_BENCH_PG_URL (${redactUrl(reuse)})`);
        pgUrl = reuse;
      } else {
        const server = await startTestPostgres({ log: (line) => opts.log(`postgres: ${line}`) });
        stopServer = server.stop;
        pgUrl = server.url;
      }
      admin = (await openWarehouse({ engine: 'postgres', url: pgUrl }, { migrate: false })).warehouse;
      const { rows } = await admin.query<{ v: string }>(sql`SELECT current_setting('server_version') AS v`);
      versions.postgres = rows[0]?.v ?? 'unknown';
    }
  } catch (err) {
    await close();
    throw err;
  }

  let seq = 0;
  // The settings a user's warehouse gets by default, so a case measures what `cdp` does.
  const OPEN_OPTIONS = { timezone: 'UTC', memoryLimit: DEFAULT_CONFIG.warehouse.memoryLimit };
  const freshWarehouse = async (engine: Engine | null, label: string): Promise<FreshWarehouse> => {
    const slug = label.replace(/[^a-z0-9]+/gi, '_').toLowerCase();
    if (engine === 'duckdb') {
      const dir = await mkdtemp(join(scratchDir, `${slug}-`));
      const target = { engine, path: join(dir, 'warehouse.duckdb') } as const;
      const { warehouse } = await openWarehouse(target, OPEN_OPTIONS);
      return {
        warehouse,
        target,
        dispose: async () => {
          await warehouse.close();
          await rm(dir, { recursive: true, force: true });
        },
      };
    }
    if (engine === 'postgres') {
      if (!admin || !pgUrl) throw new Error('this run started no PostgreSQL server');
      const server = admin;
      const name = `bench_${slug}_${process.pid}_${++seq}`.slice(0, 63);
      await server.exec(`DROP DATABASE IF EXISTS ${name}`);
      await server.exec(`CREATE DATABASE ${name}`);
      const url = new URL(pgUrl);
      url.pathname = `/${name}`;
      try {
        const target = { engine, url: url.toString() } as const;
        const { warehouse } = await openWarehouse(target, OPEN_OPTIONS);
        return {
          warehouse,
          target,
          dispose: async () => {
            await warehouse.close();
            await server.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          },
        };
      } catch (err) {
        await server.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
        throw err;
      }
    }
    throw new Error('this case declares no engines, so it has no warehouse');
  };

  return {
    scratchDir,
    pgUrl,
    versions,
    context: (engine, { scale, repeat }, log) => ({
      engine,
      scale,
      repeat,
      scratchDir,
      pgUrl,
      freshWarehouse: (label) => freshWarehouse(engine, label),
      log,
    }),
    close,
  };
}

async function duckdbVersion(): Promise<string> {
  const { warehouse } = await openWarehouse({ engine: 'duckdb', path: ':memory:' }, { migrate: false });
  try {
    const { rows } = await warehouse.query<{ v: string }>(sql`SELECT version() AS v`);
    return rows[0]?.v ?? 'unknown';
  } finally {
    await warehouse.close();
  }
}
