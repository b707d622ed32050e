import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, loadConfig, parseConfig } from '../index.ts';

describe('config', () => {
  it('fills defaults for an empty config', () => {
    expect(parseConfig({}, 'jobs.config.ts')).toEqual(DEFAULT_CONFIG);
    expect(DEFAULT_CONFIG.warehouse.timezone).toBe('UTC');
    expect(DEFAULT_CONFIG.demo.customers).toBeGreaterThan(0);
  });

  it('names the key path, the value found and what is expected', () => {
    expect(() =>
      parseConfig(
        { warehouse: { timezone: 'Mars/Olympus' }, jobs: { nightly: { retries: 'three' } }, extra: 1 },
        'jobs.config.ts',
      ),
    ).toThrowErrorMatchingInlineSnapshot(`
      [ConfigError: invalid config in jobs.config.ts:
        warehouse.timezone: expected an IANA time zone such as "Asia/Shanghai" or "UTC"; found "Mars/Olympus"
        jobs.nightly.retries: Invalid input: expected number, received string; found "three"
        (top level): unknown key "extra": remove or fix the spelling]
    `);
  });

  it('loads a TypeScript config file written with defineConfig', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdp-config-'));
    const file = join(dir, 'jobs.config.ts');
    writeFileSync(
      file,
      `import { defineConfig } from '${join(process.cwd(), 'pipelines/index.ts')}';\n` +
        `export default defineConfig({ warehouse: { timezone: 'Asia/Shanghai' }, demo: { customers: 50 } });\n`,
    );
    const loaded = await loadConfig(file);
    expect(loaded.baseDir).toBe(dir);
    expect(loaded.config.warehouse.timezone).toBe('Asia/Shanghai');
    expect(loaded.config.demo.customers).toBe(50);
    expect(loaded.config.demo.seed).toBe(DEFAULT_CONFIG.demo.seed);
  });

  it('uses the defaults when no jobs.config.ts exists, but an explicit missing file is an error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdp-config-'));
    expect((await loadConfig(undefined, dir)).file).toBeNull();
    await expect(loadConfig('nope.config.ts', dir)).rejects.toThrow(
      /config file not found: .*nope\.config\.ts/,
    );
  });
});
