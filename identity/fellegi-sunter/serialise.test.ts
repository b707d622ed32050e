import { describe, expect, it } from 'vitest';
import { estimateM, FsParamsError, parseModel, parseParams, serialiseParams } from './index.ts';
import type { FsParams } from './index.ts';
import { mulberry32, PERSON_MODEL, simulatePairs } from './simulate.ts';

const small: FsParams = {
  comparisons: [
    { name: 'name', levels: ['missing', 'different', 'exact'] },
    { name: 'phone', levels: ['missing', 'different', 'exact'] },
  ],
  lambda: 0.05,
  m: [
    [0, 0.1, 0.9],
    [0, 0.3, 0.7],
  ],
  u: [
    [0, 0.99, 0.01],
    [0, 0.999, 0.001],
  ],
};
const stored = (change: (raw: Record<string, unknown>) => void): string => {
  const raw = JSON.parse(serialiseParams(small)) as Record<string, unknown>;
  change(raw);
  return JSON.stringify(raw);
};

describe('serialiseParams / parseParams', () => {
  it('round-trips estimated params exactly', () => {
    const { gamma } = simulatePairs(PERSON_MODEL, 20_000, 0.1, mulberry32(41));
    const { params } = estimateM(
      PERSON_MODEL.specs,
      gamma,
      PERSON_MODEL.u.map((r) => [...r]),
    );
    const json = serialiseParams(params);
    const back = parseParams(json);
    expect(back).toEqual({ ...params, comparisons: PERSON_MODEL.specs.map((s) => ({ ...s })) });
    expect(serialiseParams(back)).toBe(json);
  });

  it('writes stable JSON: fixed key order and a format version', () => {
    const reordered: FsParams = {
      u: small.u,
      m: small.m,
      lambda: small.lambda,
      comparisons: small.comparisons.map((c) => ({ levels: c.levels, name: c.name })),
    };
    expect(serialiseParams(reordered)).toBe(serialiseParams(small));
    expect(serialiseParams(small)).toMatchInlineSnapshot(
      `"{"version":1,"comparisons":[{"name":"name","levels":["missing","different","exact"]},{"name":"phone","levels":["missing","different","exact"]}],"lambda":0.05,"m":[[0,0.1,0.9],[0,0.3,0.7]],"u":[[0,0.99,0.01],[0,0.999,0.001]]}"`,
    );
  });

  it('says what is wrong with malformed params', () => {
    expect(() => parseParams('{"version":1,')).toThrow(/^Fellegi-Sunter params are not JSON \(/);
    expect(() => parseParams('{"version":1,')).toThrow(FsParamsError);
    expect(() =>
      parseParams(
        stored((raw) => {
          delete raw.version;
          raw.lambda = '0.05';
          raw.weights = [];
        }),
      ),
    ).toThrowErrorMatchingInlineSnapshot(`
      [FsParamsError: Fellegi-Sunter params do not have the expected shape (write them with serialiseParams):
        lambda: Invalid input: expected number, received string; found "0.05"
        version: expected format version 1 or 2, as serialiseParams writes
        (top level): unknown key "weights"]
    `);
    expect(() =>
      parseParams(
        stored((raw) => {
          raw.comparisons = [
            { name: 'name', levels: ['different', 'exact', 'missing'] },
            { name: 'name', levels: ['missing', 'different', 'exact'] },
          ];
        }),
      ),
    ).toThrowErrorMatchingInlineSnapshot(`
      [FsParamsError: Fellegi-Sunter params do not have the expected shape (write them with serialiseParams):
        comparisons.0.levels: expected level 0 to be "missing"; found ["different","exact","missing"]
        comparisons.1.name: duplicate comparison name; found "name"]
    `);
  });

  it('checks m and u against the comparisons', () => {
    expect(() =>
      parseParams(
        stored((raw) => {
          raw.m = [
            [0.1, 0.9],
            [0.2, 0.3, 0.7],
          ];
          raw.u = [
            [0, 0.99, 0.01],
            [0, 0.5, 0.6],
          ];
        }),
      ),
    ).toThrowErrorMatchingInlineSnapshot(`
      [FsParamsError: Fellegi-Sunter params do not have the expected shape (write them with serialiseParams):
        m.0: expected 3 entries for "name" (levels missing, different, exact), found 2
        m.1.0: level 0 ("missing") holds no probability; expected 0, found 0.2
        u.1: levels 1..2 of "phone" must sum to 1, found 1.1]
    `);
    expect(() => parseParams(stored((raw) => (raw.u = [[0, 0.99, 0.01]])))).toThrow(
      /u: expected one row per comparison \(2\), found 1 rows/,
    );
    expect(() => parseParams(stored((raw) => (raw.m = [[0, 1.5, -0.5], small.m[1]])))).toThrow(
      /m\.0\.1: expected a probability \(0\.\.1\); found 1\.5/,
    );
  });

  it('refuses to serialise params that do not fit', () => {
    expect(() => serialiseParams({ ...small, u: small.u.slice(1) })).toThrow(FsParamsError);
  });
});

describe('models with term frequencies (format version 2)', () => {
  it('round-trips the frequencies, sorted so equal models give equal text', () => {
    const a = serialiseParams(small, {
      0: new Map([
        ['wang wei', 0.01],
        ['li na', 0.02],
      ]),
    });
    const b = serialiseParams(small, {
      0: new Map([
        ['li na', 0.02],
        ['wang wei', 0.01],
      ]),
    });
    expect(a).toBe(b);
    const model = parseModel(a);
    expect(model.params).toEqual(small);
    expect([...model.frequencies![0]!]).toEqual([
      ['li na', 0.02],
      ['wang wei', 0.01],
    ]);
    expect(parseModel(serialiseParams(small)).frequencies).toBeNull();
  });

  it('refuses frequencies for a comparison the model does not have', () => {
    const raw = JSON.parse(serialiseParams(small, { 0: new Map([['x', 0.1]]) })) as Record<string, unknown>;
    raw.termFrequencies = { 5: { x: 0.1 } };
    expect(() => parseModel(JSON.stringify(raw))).toThrow(/comparison index 5/);
  });
});
