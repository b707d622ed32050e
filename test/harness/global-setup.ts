// vitest globalSetup: starts one throwaway PostgreSQL server for the whole run (or reuses
// CDP_TEST_PG_URL) and hands its URL to the tests as inject('pgUrl'). See CONTEXT.md.
import type { TestProject } from 'vitest/node';
import { startTestPostgres } from './postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the test server's `cdp_test` database; null when CDP_TEST_SKIP_PG=1. */
    pgUrl: string | null;
  }
}

const log = (line: string): void => {
  process.stderr.write(`[test-postgres] ${line}\n`);
};

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.CDP_TEST_SKIP_PG === '1') {
    log('skipped: CDP_TEST_SKIP_PG=1, tests that need PostgreSQL will be skipped');
    project.provide('pgUrl', null);
    return async () => {};
  }
  const pg = await startTestPostgres({ log });
  project.provide('pgUrl', pg.url);
  return async () => {
    await pg.stop();
  };
}
