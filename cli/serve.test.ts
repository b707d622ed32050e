import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGINES, freshTarget, type Engine } from '../test/engines.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'cdp.mjs');

/** A port nobody listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.each(ENGINES)('cdp serve on %s', (engine: Engine) => {
  it('serves the pull API to a destination token until SIGTERM, then exits 143', async () => {
    const target = await freshTarget(engine, 'cli_serve');
    const cwd = mkdtempSync(join(tmpdir(), 'cdp-serve-'));
    writeFileSync(
      join(cwd, 'jobs.config.ts'),
      `export default {
  warehouse: { timezone: 'Asia/Shanghai' },
  segments: { vip: { where: { kind: 'sql', where: 'TRUE' } } },
  destinations: {
    crm: { type: 'pull', segments: ['vip'], tokenEnv: 'CDP_TEST_CRM_TOKEN', purpose: 'marketing', channel: 'sms' },
  },
};\n`,
    );
    const port = await freePort();
    const env = {
      ...process.env,
      CDP_NO_HEAP_RESTART: '1',
      CDP_TEST_CRM_TOKEN: 'cli-secret',
      CDP_WAREHOUSE: target.engine === 'duckdb' ? target.path : target.url,
    };
    const child = spawn(process.execPath, [BIN, 'serve', '--port', String(port), '--log-format', 'json'], {
      cwd,
      env,
    });
    let log = '';
    const exited = new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (b: Buffer) => {
        log += b.toString();
        if (log.includes('serving the pull API')) resolve();
      });
      void exited.then(() => resolve());
    });
    expect(log).toContain(`http://127.0.0.1:${port}`);

    const denied = await fetch(`http://127.0.0.1:${port}/v1/segments`);
    expect(denied.status).toBe(401);
    const res = await fetch(`http://127.0.0.1:${port}/v1/segments`, {
      headers: { authorization: 'Bearer cli-secret' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      destination: 'crm',
      segments: [{ name: 'vip', as_of: null, members: null, updated_at: null }],
    });

    child.kill('SIGTERM');
    expect(await exited, log).toBe(143);
    expect(log).toMatch(/GET \/v1\/segments 200/);
  });
});
