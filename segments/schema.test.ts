import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  birthdayKeys,
  findCycle,
  loadSegmentsFile,
  parseSegments,
  segment,
  SegmentValidationError,
  type Segments,
} from './index.ts';

const { and, not, or, rfm, tag, purchased, did, define, clv, consent, birthday, inSegment, city, health } =
  segment;

describe('the builder', () => {
  it('makes exactly the JSON form', () => {
    const built = {
      winback: define(
        and(
          rfm.segment.in(['Champions', 'Loyal Customers']),
          tag('lifecycle_stage').is('churn_warning'),
          not(purchased().within({ days: 60 })),
        ),
        { description: 'good customers going quiet' },
      ),
      browsers: define(
        or(
          did('view', { channels: ['miniprogram'] })
            .atLeast(2)
            .within({ days: 7 })
            .notFollowedBy(purchased({ channels: ['miniprogram'] }), { hours: 24 }),
          and(clv.value.between(100, 500), consent('marketing', 'sms'), birthday.within({ days: 7 })),
        ),
      ),
      vip_shanghai: define(and(inSegment('winback'), city.is('上海'), segment.sql('c.source_count > 1'))),
      account_risk: define(
        or(health.band.in(['red', 'yellow']), health.score.atMost(40), health.rollup.band.is('red')),
      ),
    };
    const json = {
      winback: {
        description: 'good customers going quiet',
        where: {
          kind: 'and',
          conditions: [
            { kind: 'rfm', segments: ['Champions', 'Loyal Customers'] },
            { kind: 'tag', tag: 'lifecycle_stage', values: ['churn_warning'] },
            { kind: 'not', condition: { kind: 'purchased', withinDays: 60 } },
          ],
        },
      },
      browsers: {
        where: {
          kind: 'or',
          conditions: [
            {
              kind: 'event',
              eventTypes: ['view'],
              channels: ['miniprogram'],
              atLeastTimes: 2,
              withinDays: 7,
              withoutFollowUp: { kind: 'purchased', channels: ['miniprogram'], withinHours: 24 },
            },
            {
              kind: 'and',
              conditions: [
                { kind: 'metric', metric: 'clv', min: 100, max: 500 },
                { kind: 'consent', purpose: 'marketing', channel: 'sms' },
                { kind: 'birthday', withinDays: 7 },
              ],
            },
          ],
        },
      },
      vip_shanghai: {
        where: {
          kind: 'and',
          conditions: [
            { kind: 'segment', segment: 'winback' },
            { kind: 'attribute', attribute: 'city', values: ['上海'] },
            { kind: 'sql', where: 'c.source_count > 1' },
          ],
        },
      },
      account_risk: {
        where: {
          kind: 'or',
          conditions: [
            { kind: 'health', bands: ['red', 'yellow'] },
            { kind: 'health', max: 40 },
            { kind: 'health', bands: ['red'], rollup: true },
          ],
        },
      },
    };
    expect(JSON.parse(JSON.stringify(built))).toEqual(json);
    expect(parseSegments(built)).toEqual(parseSegments(json));
    expect(parseSegments(json)).toEqual(json);
  });
});

const errorsOf = (input: unknown): string => {
  try {
    parseSegments(input, 'segments.json');
  } catch (e) {
    if (e instanceof SegmentValidationError) return e.message;
    throw e;
  }
  return 'valid';
};

describe('the JSON form', () => {
  it('names the key path of each error', () => {
    expect(
      errorsOf({
        lapsed: {
          where: {
            kind: 'and',
            conditions: [
              { kind: 'metric', metric: 'lifetime_value', min: 1 },
              { kind: 'rfm', r: [5, 1] },
              { kind: 'purchased', withinDays: 0 },
              { kind: 'tag', tag: 'x', value: 'y' },
              { kind: 'browse' },
              { kind: 'health', bands: ['amber'] },
              { kind: 'health', rollup: true },
              { kind: 'health', min: 80, max: 120 },
            ],
          },
        },
        'Bad Name': { where: { kind: 'birthday', withinDays: 7 } },
      }),
    ).toMatchInlineSnapshot(`
      "invalid segment definitions in segments.json:
        lapsed.where.conditions[0].metric: Invalid option: expected one of "clv"|"prob_alive"|"expected_purchases"|"lifetime_spend"|"order_count"|"days_since_last_order"
        lapsed.where.conditions[1].r: expected [low, high] with low <= high
        lapsed.where.conditions[2].withinDays: Too small: expected number to be >0
        lapsed.where.conditions[3]: Unrecognized key: "value"
        lapsed.where.conditions[4].kind: Invalid discriminator value. Expected 'and' | 'or' | 'not' | 'rfm' | 'tag' | 'metric' | 'attribute' | 'consent' | 'health' | 'purchased' | 'event' | 'birthday' | 'segment' | 'sql'
        lapsed.where.conditions[5].bands[0]: Invalid option: expected one of "red"|"yellow"|"green"
        lapsed.where.conditions[6]: expected at least one of bands, min, max
        lapsed.where.conditions[7].max: Too big: expected number to be <=100
        Bad Name: expected a segment name of lower-case letters, digits and _, starting with a letter"
    `);
  });

  it('names unknown segments and cycles', () => {
    expect(
      errorsOf({
        a: { where: { kind: 'segment', segment: 'b' } },
        b: { where: { kind: 'not', condition: { kind: 'segment', segment: 'a' } } },
        c: { where: { kind: 'or', conditions: [{ kind: 'segment', segment: 'nope' }] } },
      }),
    ).toMatchInlineSnapshot(`
      "invalid segment definitions in segments.json:
        c.where.conditions[0].segment: unknown segment "nope" (defined: a, b, c)
        a: segments reference each other in a cycle: a -> b -> a"
    `);
    const cyclic: Segments = {
      x: define(inSegment('y')),
      y: define(inSegment('z')),
      z: define(inSegment('x')),
    };
    expect(findCycle(cyclic)).toEqual(['x', 'y', 'z', 'x']);
  });

  it('reads files and reports bad JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdp-segments-'));
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ lapsed: { where: { kind: 'purchased', withinDays: 90 } } }));
    expect(loadSegmentsFile(good)).toEqual({ lapsed: { where: { kind: 'purchased', withinDays: 90 } } });
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ lapsed: { where: { kind: 'purchased', withinDays: 'ninety' } } }));
    expect(() => loadSegmentsFile(bad)).toThrow(/lapsed\.where\.withinDays: /);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"lapsed": ');
    expect(() => loadSegmentsFile(broken)).toThrow(SegmentValidationError);
  });
});

describe('birthday days', () => {
  it('wrap the year end and add Feb 29 to Feb 28 of years without it', () => {
    expect(birthdayKeys('2025-12-28', 6)).toEqual([101, 102, 103, 1228, 1229, 1230, 1231]);
    expect(birthdayKeys('2025-02-27', 1)).toEqual([227, 228, 229]);
    expect(birthdayKeys('2028-02-27', 1)).toEqual([227, 228]);
    expect(birthdayKeys('2028-02-27', 2)).toEqual([227, 228, 229]);
  });
});
