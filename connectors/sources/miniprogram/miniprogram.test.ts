import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, type Engine } from '../../../test/engines.ts';
import { warehousePerTest } from '../../../test/warehouse-per-test.ts';
import { generatedSample } from '../../../test/generated.ts';
import { writeTree } from '../../../test/files.ts';
import { sql, type Warehouse } from '../../../warehouse/index.ts';
import { ingest } from '../../index.ts';
import { miniprogramConnector } from './connector.ts';

const line = (o: unknown): string => JSON.stringify(o);
const M1 = {
  union_id: 'oU1',
  open_id: 'oA1',
  phone: '+86 139-1234-5678',
  nickname: '布丁爱吃鱼',
  avatar_url: 'https://thirdwx.qlogo.cn/mmopen/vi_32/a/132',
  gender: 1,
  birthday: '1990-05-01',
  registered_at: '2025-02-10T14:15:42+08:00',
  consent: { sms: true, wechat: false, email: false, push: true },
};
// The same person signed up again from a second WeChat account: another open_id and union_id, a
// local time, and flags written as 1/0 and strings.
const M2 = {
  union_id: 'oU2',
  open_id: 'oA2',
  phone: '13912345678',
  nickname: '布丁爱吃鱼7',
  avatar_url: 'https://thirdwx.qlogo.cn/mmopen/vi_32/b/132',
  gender: '1',
  birthday: null,
  registered_at: '2025-02-20 09:00:00',
  consent: { sms: 1, wechat: 'true', email: 0, push: false },
};
// Not bound to the open platform (no union_id), anonymous profile, and bad optional values.
const M3 = {
  union_id: null,
  open_id: 'oA3',
  phone: '12345',
  nickname: '微信用户',
  avatar_url: 'https://thirdwx.qlogo.cn/mmopen/vi_32/c/132',
  gender: 'x',
  birthday: null,
  registered_at: '2025-03-01T13:56:54+08:00',
  consent: { sms: false, wechat: true, email: false, push: 'maybe' },
};
const MEMBERS = [
  line(M1),
  line(M2),
  line(M3),
  // 4: no open_id
  line({ ...M1, open_id: '' }),
  // 5: unreadable sign-up time
  line({ ...M1, open_id: 'oA5', registered_at: 'tomorrow' }),
  // 6: truncated line
  line(M1).slice(0, 50),
  // 7: not an object
  '[1, 2]',
].join('\n');

describe.each(ENGINES)('miniprogram connector on %s', (engine: Engine) => {
  beforeAll(async () => {
    await generatedSample(3);
  }, 120_000);
  const open = warehousePerTest(engine);
  const run = (w: Warehouse, paths: string[]) =>
    ingest(w, miniprogramConnector, paths, { timezone: 'Asia/Shanghai' });

  it('loads members as separate source records with their consents and quarantines bad lines', async () => {
    const w = await open('mini_load');
    const report = await run(w, [writeTree({ 'miniprogram/members.ndjson': MEMBERS })]);
    expect(report.files[0]).toMatchObject({
      status: 'loaded',
      read: 7,
      loaded: 3,
      quarantined: 4,
      duplicates: 0,
    });
    const { rows } = await w.query(
      sql`SELECT source_key, union_id, open_id, phone, phones, gender, birth_date, full_name, attributes, source_created_at, source_updated_at FROM core.source_records ORDER BY source_key`,
    );
    const [t1, t2, t3] = ['2025-02-10T06:15:42Z', '2025-02-20T01:00:00Z', '2025-03-01T05:56:54Z'].map(
      (t) => new Date(t),
    );
    expect(rows).toEqual([
      {
        source_key: 'miniprogram:oA1',
        union_id: 'oU1',
        open_id: 'oA1',
        phone: '+8613912345678',
        phones: ['+8613912345678'],
        gender: 'male',
        birth_date: '1990-05-01',
        full_name: null,
        attributes: { nickname: '布丁爱吃鱼', avatar_url: 'https://thirdwx.qlogo.cn/mmopen/vi_32/a/132' },
        source_created_at: t1,
        source_updated_at: t1,
      },
      {
        source_key: 'miniprogram:oA2',
        union_id: 'oU2',
        open_id: 'oA2',
        phone: '+8613912345678',
        phones: ['+8613912345678'],
        gender: 'male',
        birth_date: null,
        full_name: null,
        attributes: { nickname: '布丁爱吃鱼7', avatar_url: 'https://thirdwx.qlogo.cn/mmopen/vi_32/b/132' },
        source_created_at: t2,
        source_updated_at: t2,
      },
      {
        source_key: 'miniprogram:oA3',
        union_id: null,
        open_id: 'oA3',
        phone: null,
        phones: null,
        gender: null,
        birth_date: null,
        full_name: null,
        attributes: {
          nickname: '微信用户',
          avatar_url: 'https://thirdwx.qlogo.cn/mmopen/vi_32/c/132',
          invalid_fields: {
            phone: expect.stringMatching(/^phone "12345" /),
            gender: expect.stringMatching(/^gender "x" is not a known code/),
            'consent.push': 'consent flag "maybe" is not true/false or 1/0',
          },
        },
        source_created_at: t3,
        source_updated_at: t3,
      },
    ]);
    const { rows: consents } = await w.query(
      sql`SELECT consent_id, source_key, identifier_type, identifier_value, purpose, channel, status, occurred_at FROM core.consents ORDER BY consent_id`,
    );
    const consent = (
      openId: string,
      channel: string,
      status: string,
      id: [string, string],
      at: Date,
    ): Record<string, unknown> => ({
      consent_id: `${openId}:marketing:${channel}`,
      source_key: `miniprogram:${openId}`,
      identifier_type: id[0],
      identifier_value: id[1],
      purpose: 'marketing',
      channel,
      status,
      occurred_at: at,
    });
    const [u1, u2, o3]: [string, string][] = [
      ['union_id', 'oU1'],
      ['union_id', 'oU2'],
      ['open_id', 'oA3'],
    ];
    expect(consents).toEqual([
      consent('oA1', 'email', 'withdrawn', u1!, t1!),
      consent('oA1', 'push', 'granted', u1!, t1!),
      consent('oA1', 'sms', 'granted', u1!, t1!),
      consent('oA1', 'wechat', 'withdrawn', u1!, t1!),
      consent('oA2', 'email', 'withdrawn', u2!, t2!),
      consent('oA2', 'push', 'withdrawn', u2!, t2!),
      consent('oA2', 'sms', 'granted', u2!, t2!),
      consent('oA2', 'wechat', 'granted', u2!, t2!),
      consent('oA3', 'email', 'withdrawn', o3!, t3!),
      consent('oA3', 'sms', 'withdrawn', o3!, t3!),
      consent('oA3', 'wechat', 'granted', o3!, t3!),
    ]);
    const { rows: q } = await w.query(
      sql`SELECT record_no, line, reason_code, message FROM ops.quarantine ORDER BY record_no`,
    );
    expect(q.map((r) => [r.record_no, r.line, r.reason_code])).toEqual([
      [4, 4, 'missing_field'],
      [5, 5, 'bad_timestamp'],
      [6, 6, 'parse_error'],
      [7, 7, 'parse_error'],
    ]);
    expect(q.map((r) => r.message)).toEqual([
      'open_id is empty; the record needs it',
      expect.stringMatching(/^registered_at: .*"tomorrow"/),
      expect.stringMatching(/^line 6: not valid JSON/),
      'line 7: expected a JSON object on the line',
    ]);
    const { rows: files } = await w.query(
      sql`SELECT records_read, records_loaded, records_quarantined, duplicates_skipped FROM ops.ingested_files`,
    );
    expect(files).toEqual([
      { records_read: 7, records_loaded: 3, records_quarantined: 4, duplicates_skipped: 0 },
    ]);
    const { rows: raw } = await w.query(sql`SELECT count(*) AS n FROM raw.miniprogram_members`);
    expect(raw[0]?.n).toBe(7);
  });

  it('is idempotent: the same file again is skipped, the same members in a new file are duplicates', async () => {
    const w = await open('mini_idem');
    const dir = writeTree({ 'members.ndjson': MEMBERS });
    await run(w, [dir]);
    const again = await run(w, [dir]);
    expect(again.totals).toMatchObject({ read: 0, skippedFiles: 1 });
    const dup = await run(w, [writeTree({ 'members.ndjson': MEMBERS + '\n' })]);
    expect(dup.files[0]).toMatchObject({ read: 7, loaded: 0, quarantined: 4, duplicates: 3 });
    const { rows } = await w.query(
      sql`SELECT (SELECT count(*) FROM core.source_records) AS members, (SELECT count(*) FROM core.consents) AS consents`,
    );
    expect(rows[0]).toEqual({ members: 3, consents: 11 });
  });

  it('updates a member changed with a newer timestamp, and ignores an older one', async () => {
    const w = await open('mini_update');
    await run(w, [writeTree({ 'members.ndjson': line(M1) })]);
    const newer = { ...M1, phone: '13800001111', registered_at: '2025-02-11T09:00:00+08:00' };
    const r1 = await run(w, [writeTree({ 'members.ndjson': line(newer) })]);
    expect(r1.files[0]).toMatchObject({ loaded: 1, duplicates: 0 });
    const older = { ...M1, phone: '13000000000', registered_at: '2025-01-01T09:00:00+08:00' };
    const r2 = await run(w, [writeTree({ 'members.ndjson': line(older) })]);
    expect(r2.files[0]).toMatchObject({ loaded: 0, duplicates: 1 });
    const { rows } = await w.query(sql`SELECT phone, source_updated_at FROM core.source_records`);
    expect(rows).toEqual([{ phone: '+8613800001111', source_updated_at: new Date('2025-02-11T01:00:00Z') }]);
  });

  it('loads a generated data set: reconciled, nothing quarantined, every key present, sign-ups twice kept apart', async () => {
    const w = await open('mini_generated');
    const { dir, manifest } = await generatedSample(3);
    const report = await run(w, [join(dir, 'miniprogram')]);
    expect(report.totals.failedFiles).toBe(0);
    for (const f of report.files) expect(f.read).toBe(f.loaded + f.quarantined + f.duplicates);
    const { rows: files } = await w.query(
      sql`SELECT records_read, records_loaded, records_quarantined, duplicates_skipped FROM ops.ingested_files`,
    );
    expect(files).toEqual([
      {
        records_read: manifest.counts.miniprogram?.members,
        records_loaded: manifest.counts.miniprogram?.members,
        records_quarantined: 0,
        duplicates_skipped: 0,
      },
    ]);
    const broken = manifest.invalidRecords.filter((r) => r.path.startsWith('miniprogram/'));
    const { rows: q } = await w.query(sql`SELECT line, reason_code, message FROM ops.quarantine`);
    expect(q).toHaveLength(broken.length);
    const truth = readFileSync(join(dir, 'ground_truth.csv'), 'utf8')
      .split('\n')
      .slice(1)
      .map((l) => l.split(','))
      .filter((c) => c[0] === 'miniprogram');
    const { rows: keys } = await w.query(sql`SELECT source_key FROM core.source_records`);
    expect(keys.map((r) => String(r.source_key)).sort()).toEqual(truth.map((c) => c[1]!).sort());
    // Persons who signed up twice: each sign-up is its own record for identity resolution to merge.
    const perPerson = new Map<string, number>();
    for (const c of truth) perPerson.set(c[2]!, (perPerson.get(c[2]!) ?? 0) + 1);
    expect([...perPerson.values()].filter((n) => n === 2).length).toBeGreaterThan(0);
    const { rows: consents } = await w.query(sql`SELECT count(*) AS n FROM core.consents`);
    expect(consents[0]?.n).toBe(4 * truth.length);
  });
});
