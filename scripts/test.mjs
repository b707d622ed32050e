#!/usr/bin/env node
// `npm test`: runs the whole suite with a non-UTC time zone so time-zone bugs show. The vitest
// global setup starts a real PostgreSQL server (installing it first on a fresh Debian machine).
// Every temp file the tests make goes under one directory, removed when the run ends, so runs
// leave nothing behind in /tmp.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const vitest = join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
const runDir = mkdtempSync(join(tmpdir(), 'cdp-test-run-'));
// The PostgreSQL server runs as an unprivileged user and must reach its data dir in here.
chmodSync(runDir, 0o755);
const env = { ...process.env, TZ: process.env.CDP_TEST_TZ ?? 'Asia/Shanghai', TMPDIR: runDir };
let status = 1;
try {
  status =
    spawnSync(process.execPath, [vitest, 'run', ...process.argv.slice(2)], { stdio: 'inherit', env })
      .status ?? 1;
} finally {
  rmSync(runDir, { recursive: true, force: true });
}
process.exit(status);
