import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', '.cdp/**'],
    // One real PostgreSQL server for the whole run, started (or reused) by the harness.
    globalSetup: ['./test/harness/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: more workers only fight over them and over the Postgres server.
    maxWorkers: 2,
  },
});
