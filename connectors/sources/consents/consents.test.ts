import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generate, type GenerateManifest } from '../../../generator/index.ts';
import { ENGINES, type Engine } from '../../../test/engines.ts';
import { warehousePerTest } from '../../../test/warehouse-per-test.ts';
import { writeTree } from '../../../test/files.ts';
import { sql, type Warehouse } from '../../../warehouse/index.ts';
import { ingest } from '../../index.ts';
import { consentsConnector } from './connector.ts';

const ndjson = (...lines: (object | string)[]): string =>
  lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n';

const SMS = {
  event_id: 'CE1',
  source_system: 'pos',
  identifier_type: 'phone',
  identifier: '139-1234-5678',
  purpose: 'marketing',
  channel: 'sms',
  action: 'granted',
  policy_version: '2024-01',
  occurred_at: '2025-01-27T18:27:07+08:00',
};
const EVENTS = ndjson(
  SMS,
  {
    ...SMS,
    event_id: 'CE2',
    source_system: 'miniprogram',
    identifier_type: 'union_id',
    identifier: 'oWx1_UnionIdAbcdefghijklmnopq',
    purpose: 'Marketing',
    channel: 'WeChat',
    // No offset: wall-clock time where the source runs.
    occurred_at: '2025-02-10 14:15:42',
  },
  {
    ...SMS,
    event_id: 'CE3',
    source_system: 'email_service',
    identifier_type: 'email',
    identifier: ' Li.Na@QQ.com ',
    channel: 'email',
    action: 'withdrawn',
    policy_version: '2025-03',
    occurred_at: '2025-03-05T10:00:00+08:00',
  },
  {
    ...SMS,
    event_id: 'CE4',
    source_system: 'miniprogram',
    identifier_type: 'open_id',
    identifier: 'oZk3_openid123',
    purpose: 'Research',
    channel: '短信',
    policy_version: null,
  },
  { ...SMS, event_id: 'CE5', action: 'maybe' },
  { ...SMS, event_id: '' },
  { ...SMS, event_id: 'CE7', identifier: '139-1234-567a' },
  { ...SMS, event_id: 'CE8', occurred_at: 'yesterday' },
  '{"event_id":"CE9","source_system":"pos","identifier_type":"pho',
  { ...SMS, event_id: 'CE10', purpose: undefined },
  { ...SMS, event_id: 'CE11', identifier: ' ' },
);

describe('consents connector: classify', () => {
  it('reads the consent log, gzipped or not, and nothing else', () => {
    const kind = (p: string) => consentsConnector.classify(p)?.kind ?? null;
    expect(kind('consents/consent-events.ndjson')).toBe('consent_events');
    expect(kind('consent-events-202503.ndjson.gz')).toBe('consent_events');
    expect(kind('consents/consent-events.csv')).toBeNull();
    expect(kind('his/Patient.ndjson')).toBeNull();
  });
});

describe.each(ENGINES)('consents connector on %s', (engine: Engine) => {
  const open = warehousePerTest(engine);
  const run = (w: Warehouse, paths: string[]) =>
    ingest(w, consentsConnector, paths, { timezone: 'Asia/Shanghai' });
  const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);

  it('loads consent events with normalised identifiers, a customer record each, and quarantines bad ones', async () => {
    const w = await open('consents_load');
    const report = await run(w, [writeTree({ 'consents/consent-events.ndjson': EVENTS })]);
    expect(report.files[0]).toMatchObject({
      status: 'loaded',
      read: 11,
      loaded: 4,
      quarantined: 7,
      duplicates: 0,
    });
    const { rows: consents } = await w.query(
      sql`SELECT consent_id, source_key, identifier_type, identifier_value, purpose, channel, status, policy_version, occurred_at
          FROM core.consents ORDER BY consent_id`,
    );
    const row = (id: string, type: string, value: string, purpose: string, channel: string) => ({
      consent_id: id,
      source_key: `consent_event:${id}`,
      identifier_type: type,
      identifier_value: value,
      purpose,
      channel,
    });
    expect(consents).toEqual([
      {
        ...row('CE1', 'phone', '+8613912345678', 'marketing', 'sms'),
        status: 'granted',
        policy_version: '2024-01',
        occurred_at: new Date('2025-01-27T10:27:07Z'),
      },
      {
        ...row('CE2', 'union_id', 'oWx1_UnionIdAbcdefghijklmnopq', 'marketing', 'wechat'),
        status: 'granted',
        policy_version: '2024-01',
        occurred_at: new Date('2025-02-10T06:15:42Z'),
      },
      {
        ...row('CE3', 'email', 'li.na@qq.com', 'marketing', 'email'),
        status: 'withdrawn',
        policy_version: '2025-03',
        occurred_at: new Date('2025-03-05T02:00:00Z'),
      },
      {
        ...row('CE4', 'open_id', 'oZk3_openid123', 'research', 'sms'),
        status: 'granted',
        policy_version: null,
        occurred_at: new Date('2025-01-27T10:27:07Z'),
      },
    ]);
    const { rows: records } = await w.query(
      sql`SELECT source_key, phone, phones, email, emails, union_id, open_id, source_updated_at, attributes
          FROM core.source_records ORDER BY source_key`,
    );
    const none = { phone: null, phones: null, email: null, emails: null, union_id: null, open_id: null };
    expect(
      records.map((r) => ({
        ...r,
        phones: json(r.phones),
        emails: json(r.emails),
        attributes: json(r.attributes),
      })),
    ).toEqual([
      {
        ...none,
        source_key: 'consent_event:CE1',
        phone: '+8613912345678',
        phones: ['+8613912345678'],
        source_updated_at: new Date('2025-01-27T10:27:07Z'),
        attributes: { source_system: 'pos', identifier_type: 'phone' },
      },
      {
        ...none,
        source_key: 'consent_event:CE2',
        union_id: 'oWx1_UnionIdAbcdefghijklmnopq',
        source_updated_at: new Date('2025-02-10T06:15:42Z'),
        attributes: { source_system: 'miniprogram', identifier_type: 'union_id' },
      },
      {
        ...none,
        source_key: 'consent_event:CE3',
        email: 'li.na@qq.com',
        emails: ['li.na@qq.com'],
        source_updated_at: new Date('2025-03-05T02:00:00Z'),
        attributes: { source_system: 'email_service', identifier_type: 'email' },
      },
      {
        ...none,
        source_key: 'consent_event:CE4',
        open_id: 'oZk3_openid123',
        source_updated_at: new Date('2025-01-27T10:27:07Z'),
        attributes: { source_system: 'miniprogram', identifier_type: 'open_id' },
      },
    ]);
    const { rows: q } = await w.query(
      sql`SELECT record_no, reason_code, message FROM ops.quarantine ORDER BY record_no`,
    );
    expect(q.map((r) => [r.record_no, r.reason_code, r.message])).toEqual([
      [5, 'invalid_record', 'action "maybe" is not a consent status; expected granted or withdrawn'],
      [6, 'missing_field', 'event_id is empty; the record needs it'],
      [
        7,
        'bad_phone',
        'identifier: phone "139-1234-567a" contains "a"; expected only digits, spaces, dashes and a leading +',
      ],
      [
        8,
        'bad_timestamp',
        expect.stringMatching(/^occurred_at: timestamp "yesterday" is not in a recognised form/),
      ],
      [9, 'parse_error', expect.stringMatching(/^line 9: not valid JSON/)],
      [10, 'missing_field', 'purpose is empty; the record needs it'],
      [11, 'missing_field', 'identifier is empty; the record needs it'],
    ]);
    const { rows: raw } = await w.query(sql`SELECT count(*) AS n FROM raw.consent_events`);
    expect(raw[0]?.n).toBe(11);
    const { rows: files } = await w.query(
      sql`SELECT records_read, records_loaded, records_quarantined, duplicates_skipped FROM ops.ingested_files`,
    );
    expect(files).toEqual([
      { records_read: 11, records_loaded: 4, records_quarantined: 7, duplicates_skipped: 0 },
    ]);
  });

  it('is idempotent: the same file again is skipped, the same events in a new file are duplicates', async () => {
    const w = await open('consents_idem');
    const dir = writeTree({ 'consent-events.ndjson': EVENTS });
    await run(w, [dir]);
    const again = await run(w, [dir]);
    expect(again.totals).toMatchObject({ read: 0, skippedFiles: 1 });
    const copy = await run(w, [writeTree({ 'consent-events-2.ndjson': EVENTS + '\n' })]);
    expect(copy.files[0]).toMatchObject({ read: 11, loaded: 0, quarantined: 7, duplicates: 4 });
    const { rows } = await w.query(
      sql`SELECT (SELECT count(*) FROM core.consents) AS consents, (SELECT count(*) FROM core.source_records) AS records`,
    );
    expect(rows[0]).toEqual({ consents: 4, records: 4 });
  });

  it('updates an event re-sent with a correction and a newer timestamp', async () => {
    const w = await open('consents_update');
    await run(w, [writeTree({ 'consent-events.ndjson': ndjson(SMS) })]);
    const corrected = ndjson({ ...SMS, identifier: '13800001111', occurred_at: '2025-01-28T09:00:00+08:00' });
    const r1 = await run(w, [writeTree({ 'consent-events.ndjson': corrected })]);
    expect(r1.files[0]).toMatchObject({ loaded: 1, duplicates: 0 });
    const { rows } = await w.query(
      sql`SELECT c.identifier_value, c.occurred_at, s.phone FROM core.consents c JOIN core.source_records s USING (source, source_key)`,
    );
    expect(rows).toEqual([
      {
        identifier_value: '+8613800001111',
        occurred_at: new Date('2025-01-28T01:00:00Z'),
        phone: '+8613800001111',
      },
    ]);
  });

  describe('on generated data', () => {
    let out: string;
    let manifest: GenerateManifest;
    beforeAll(async () => {
      out = await mkdtemp(join(tmpdir(), 'cdp-gen-consents-'));
      manifest = await generate({ out, customers: 200, seed: 39, start: '2025-01-01', days: 30 });
    });

    it('loads every event (the generator breaks none) and keys each by its ground-truth key', async () => {
      const w = await open('consents_generated');
      const report = await run(w, [join(out, 'consents')]);
      expect(report.totals.failedFiles).toBe(0);
      expect(report.files).toHaveLength(1);
      const [file] = report.files;
      expect(file!.read).toBe(file!.loaded + file!.quarantined + file!.duplicates);
      const { rows: q } = await w.query(sql`SELECT record_no, message FROM ops.quarantine`);
      expect(q).toEqual([]);
      const counts = manifest.counts.consents!;
      expect(file).toMatchObject({ loaded: counts.grants! + counts.withdrawals!, duplicates: 0 });
      const truth = readFileSync(join(out, 'ground_truth.csv'), 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('consents,'))
        .map((l) => l.split(',')[1]!)
        .sort();
      expect(truth).toHaveLength(counts.ground_truth_keys!);
      const sorted = (rows: Record<string, unknown>[]) => rows.map((r) => String(r.source_key)).sort();
      const { rows: records } = await w.query(sql`SELECT source_key FROM core.source_records`);
      const { rows: consents } = await w.query(sql`SELECT source_key FROM core.consents`);
      expect(sorted(records)).toEqual(truth);
      expect(sorted(consents)).toEqual(truth);
      const { rows: status } = await w.query(
        sql`SELECT status, count(*) AS n FROM core.consents GROUP BY status ORDER BY status`,
      );
      expect(status).toEqual([
        { status: 'granted', n: counts.grants },
        { status: 'withdrawn', n: counts.withdrawals },
      ]);
    });
  });
});
