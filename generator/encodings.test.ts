import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRODUCTS } from './catalog.ts';
import { decodeGbk, encodeGbk } from './gbk.ts';
import type { SmallRun } from './test-support.ts';
import { filesMatching, parseCsv, smallRun } from './test-support.ts';
import { POS_HEADER } from './feed-pos.ts';

describe('file encodings', () => {
  let run: SmallRun;
  beforeAll(async () => {
    run = await smallRun({ customers: 1500, days: 20, seed: 5 });
  });
  afterAll(() => run.cleanup());

  it('round-trips every character the POS files use through GBK', () => {
    const text = [
      POS_HEADER,
      ...PRODUCTS.map((p) => `${p.category},${p.title}`),
      '微信支付,支付宝,现金,银行卡,会员储值',
    ].join('\n');
    expect(decodeGbk(encodeGbk(text))).toBe(text);
  });

  it('exports some stores in GBK, some in UTF-8 with BOM and the rest in plain UTF-8', async () => {
    const pos = filesMatching(run, /^pos\/[A-Z]{2}\d{2}\//);
    const kinds = new Set(pos.map((f) => f.encoding));
    expect([...kinds].sort()).toEqual(['gbk', 'utf-8', 'utf-8-bom']);
    for (const f of pos) {
      const bytes = await readFile(join(run.dir, f.path));
      expect(bytes.length).toBe(f.bytes);
      const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
      expect(bom).toBe(f.encoding === 'utf-8-bom');
      if (f.encoding === 'gbk') {
        // GBK bytes are not valid UTF-8 once Chinese text is present, and decode back losslessly.
        const text = decodeGbk(bytes);
        expect(text).not.toContain('\ufffd');
        expect(encodeGbk(text).equals(bytes)).toBe(true);
        const rows = parseCsv(text);
        expect(rows[0]?.join(',')).toBe(POS_HEADER);
        expect(rows.length - 1).toBe(f.rows);
        if (f.rows > 0) expect(new TextDecoder('utf-8', { fatal: false }).decode(bytes)).toContain('\ufffd');
      }
    }
  });

  it('decodes a GBK store file to the same rows a UTF-8 store would hold', async () => {
    const gbk = filesMatching(run, /^pos\//).find((f) => f.encoding === 'gbk' && f.rows > 3);
    expect(gbk).toBeDefined();
    const rows = parseCsv(decodeGbk(await readFile(join(run.dir, gbk!.path)))).slice(1);
    const categories = new Set(PRODUCTS.map((p) => p.category));
    for (const r of rows) {
      expect(r).toHaveLength(13);
      expect(categories.has(r[7] ?? '')).toBe(true);
      expect(['微信支付', '支付宝', '现金', '银行卡', '会员储值']).toContain(r[12]);
    }
  });
});
