import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, currentContract, renderContractMarkdown } from '../index.ts';

describe('docs/warehouse.md', () => {
  it('is the contract the migrations define (run `npm run docs` after adding a migration)', () => {
    const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'warehouse.md'), 'utf8');
    expect(doc).toBe(renderContractMarkdown(currentContract(), MIGRATIONS.at(-1)?.version ?? 0));
  });

  it('documents every column of every table', () => {
    for (const t of currentContract()) {
      for (const c of t.columns) expect(c.description.trim(), `${t.name}.${c.name}`).not.toBe('');
    }
  });
});
