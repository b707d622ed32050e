import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', '.cdp/**'],
    // One real PostgreSQL server for the whole run, started (or reused) by the harness.
    globalSetup: ['./test/harness/global-setup.ts'],
    // Generous: CLI cases spawn `cdp` processes, which took over 60 s each on a loaded 2-core box.
    testTimeout: 180_000,
    hookTimeout: 120_000,
    // Two cores: more workers only fight over them and over the Postgres server.
    maxWorkers: 2,
  },
});
