import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGINES, freshTarget, type Engine } from '../test/engines.ts';
import { runCli } from '../test/run-cli.ts';

const PEOPLE = [
  'id,first_name,surname,dob,city,email,cluster',
  '1,Julia,Taylor,1990-01-01,London,jt@example.com,0',
  '2,Julia,Taylor,1990-01-01,London,jt@example.com,0',
  '3,John,Smith,1985-05-05,Leeds,js@example.com,1',
  '4,Mary,Jones,1970-07-07,York,mj@example.com,2',
  '5,Anna,Brown,1971-08-08,Bath,,3',
].join('\n');

const MAPPING = {
  source: 'people',
  target: 'source_records',
  key: 'people:{id}',
  fields: {
    given_name: 'first_name',
    family_name: 'surname',
    birth_date: 'dob',
    city: 'city',
    email: 'email',
  },
  attributes: ['cluster'],
};

describe.each(ENGINES)('cdp identity on %s', (engine: Engine) => {
  it('runs, evaluates against a truth attribute, exports, and explains usage errors', async () => {
    const t = await freshTarget(engine, 'cli_identity');
    const env = { CDP_WAREHOUSE: t.engine === 'duckdb' ? t.path : t.url };
    const cwd = mkdtempSync(join(tmpdir(), 'cdp-cli-identity-'));
    writeFileSync(join(cwd, 'people.csv'), PEOPLE);
    writeFileSync(join(cwd, 'people.json'), JSON.stringify(MAPPING));
    const ingest = await runCli(['ingest', 'file', 'people.csv', '--mapping', 'people.json'], { cwd, env });
    expect(ingest.stderr).not.toMatch(/cdp: /);
    expect(ingest.code).toBe(0);

    const run = await runCli(['identity', 'run'], { cwd, env });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/5 source records -> 4 customers/);

    const evaluation = await runCli(['identity', 'eval', '--truth-attribute', 'cluster', '--json'], {
      cwd,
      env,
    });
    expect(evaluation.code).toBe(0);
    expect(JSON.parse(evaluation.stdout)).toMatchObject({ records: 5, precision: 1, recall: 1, f1: 1 });

    const out = join(cwd, 'customers.csv');
    const exported = await runCli(['identity', 'export', '--out', out], { cwd, env });
    expect(exported.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split(/\r?\n/);
    expect(lines[0]).toBe('source,source_key,customer_id,match_rule,match_confidence');
    expect(lines).toHaveLength(6);
    const customerOf = new Map(lines.slice(1).map((l) => [l.split(',')[1], l.split(',')[2]]));
    expect(customerOf.get('people:1')).toBe(customerOf.get('people:2'));
    expect(customerOf.get('people:1')).not.toBe(customerOf.get('people:3'));

    const noTruth = await runCli(['identity', 'eval'], { cwd, env });
    expect(noTruth.code).toBe(2);
    expect(noTruth.stderr).toMatch(/give exactly one of --truth/);
    const missing = await runCli(['identity', 'eval', '--truth', 'nope.csv'], { cwd, env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.csv: no such file/);
    const unmerge = await runCli(['identity', 'unmerge', 'CNOSUCHID'], { cwd, env });
    expect(unmerge.code).toBe(2);
    expect(unmerge.stderr).toMatch(/no merge into CNOSUCHID is on record/);
    const review = await runCli(['identity', 'review', 'approve', 'people/people:1', 'bad-ref'], {
      cwd,
      env,
    });
    expect(review.code).toBe(2);
    expect(review.stderr).toMatch(/"bad-ref" is not a record reference/);
  });
});
