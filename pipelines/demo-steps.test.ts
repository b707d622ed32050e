import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GENERATOR_VERSION } from '../generator/index.ts';
import { sameGeneration } from './demo-steps.ts';

const OPTIONS = { customers: 2000, seed: 42, start: '2025-01-01', days: 365 };

describe('the demo reusing generated feeds', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const withManifest = (manifest: unknown): string => {
    const dir = mkdtempSync(join(tmpdir(), 'cdp-demo-reuse-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    return dir;
  };

  it('reuses feeds of the same generator version and options only', () => {
    const current = { generatorVersion: GENERATOR_VERSION, options: OPTIONS };
    expect(sameGeneration(withManifest(current), OPTIONS)).toBe(true);
    expect(sameGeneration(withManifest(current), { ...OPTIONS, seed: 43 })).toBe(false);
    // Feeds an older generator wrote lack files today's jobs read (the equipment feeds).
    expect(sameGeneration(withManifest({ options: OPTIONS }), OPTIONS)).toBe(false);
    expect(
      sameGeneration(withManifest({ ...current, generatorVersion: GENERATOR_VERSION - 1 }), OPTIONS),
    ).toBe(false);
    expect(sameGeneration(join(tmpdir(), 'cdp-no-such-dir'), OPTIONS)).toBe(false);
  });
});
