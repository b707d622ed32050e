#!/usr/bin/env node
// `npm test`: runs the whole suite with a non-UTC time zone so time-zone bugs show. The vitest
// global setup starts a real PostgreSQL server (installing it first on a fresh Debian machine).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const vitest = join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
const env = { ...process.env, TZ: process.env.CDP_TEST_TZ ?? 'Asia/Shanghai' };
const result = spawnSync(process.execPath, [vitest, 'run', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env,
});
process.exit(result.status ?? 1);
