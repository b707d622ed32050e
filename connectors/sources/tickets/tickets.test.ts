import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGINES, type Engine } from '../../../test/engines.ts';
import { warehousePerTest } from '../../../test/warehouse-per-test.ts';
import { generatedSample, groundTruthKeys } from '../../../test/generated.ts';
import { writeTree } from '../../../test/files.ts';
import { sql, type Warehouse } from '../../../warehouse/index.ts';
import { ingest } from '../../index.ts';
import { ticketsConnector } from './connector.ts';

const HEADER =
  'ticket_id,channel,priority,customer_phone,customer_email,customer_account_code,topic,created_at,first_response_at,resolved_at,reopened_at,agent';
const TICKETS = [
  HEADER,
  'TK001,phone,P3,139 1234 5678,,,物流延迟,2025-03-01 10:00:00,2025-03-01 10:30:00,2025-03-02 09:00:00,,agent-001',
  // reopened, then resolved again: resolved
  'TK002,Email,p2,,Li.Lei@Example.com ,AC100001,续约报价,2025-03-01 11:00:00,2025-03-01 11:20:00,2025-03-03 09:00:00,2025-03-02 09:00:00,agent-002',
  'TK003,wechat,P1,13912345678,,,账号登录,2025-03-01 12:00:00,,,,agent-003',
  // reopened and not resolved since
  'TK004,web,P4,,,AC100002,系统故障,2025-03-01 12:00:00,2025-03-01 13:00:00,2025-03-01 15:00:00,2025-03-02 10:00:00,agent-004',
  'TK005,phone,P5,13912345678,,,物流延迟,2025-03-01 12:00:00,,,,agent-001',
  'TK006,phone,P3,13912345678,,,物流延迟,2025-03-01 12:00:00,2025-03-01 11:00:00,,,agent-001',
  'TK007,phone,P3,13912345678,,,物流延迟,,,,,agent-001',
  'TK008,phone,P3,139123',
  // nobody to tie it to: a ticket without a customer record
  'TK009,web,P3,,,,商品质量,2025-03-01 13:00:00,,,,agent-005',
  // a bad email is dropped and noted; the phone still identifies the customer
  'TK010,email,P3,+86 139 0000 1111,not-an-email,,发票开具,2025-03-01 14:00:00,2025-03-01 15:00:00,,,agent-006',
].join('\n');
const SURVEYS = [
  'ticket_id,csat,nps,answered_at',
  'TK001,4,8,2025-03-02 12:00:00',
  'TK002,,9,2025-03-03 12:00:00',
  'TK003,6,8,2025-03-02 12:00:00',
  'TK004,3,abc,2025-03-02 12:00:00',
  'TK009,,,2025-03-02 12:00:00',
  'TK010,4.5,8,2025-03-02 12:00:00',
  'TK011,5,10,',
].join('\n');

describe.each(ENGINES)('tickets connector on %s', (engine: Engine) => {
  const open = warehousePerTest(engine);
  const run = (w: Warehouse, paths: string[]) =>
    ingest(w, ticketsConnector, paths, { timezone: 'Asia/Shanghai' });

  it('loads tickets as events with SLA times and their customer as a source record', async () => {
    const w = await open('tickets_load');
    const report = await run(w, [writeTree({ 'tickets/tickets.csv': TICKETS })]);
    expect(report.files[0]).toMatchObject({
      status: 'loaded',
      read: 10,
      loaded: 6,
      quarantined: 4,
      duplicates: 0,
    });
    const { rows } = await w.query(
      sql`SELECT event_id, event_type, occurred_at, source_key, account_code, channel, status, attributes FROM core.events ORDER BY event_id`,
    );
    expect(rows).toEqual([
      {
        event_id: 'TK001',
        event_type: 'ticket',
        occurred_at: new Date('2025-03-01T02:00:00Z'),
        source_key: 'ticket_customer:TK001',
        account_code: null,
        channel: 'phone',
        status: 'resolved',
        attributes: {
          priority: 'P3',
          topic: '物流延迟',
          agent: 'agent-001',
          first_response_at: '2025-03-01T02:30:00.000Z',
          resolved_at: '2025-03-02T01:00:00.000Z',
          reopened_at: null,
        },
      },
      {
        event_id: 'TK002',
        event_type: 'ticket',
        occurred_at: new Date('2025-03-01T03:00:00Z'),
        source_key: 'ticket_customer:TK002',
        account_code: 'AC100001',
        channel: 'email',
        status: 'resolved',
        attributes: {
          priority: 'P2',
          topic: '续约报价',
          agent: 'agent-002',
          first_response_at: '2025-03-01T03:20:00.000Z',
          resolved_at: '2025-03-03T01:00:00.000Z',
          reopened_at: '2025-03-02T01:00:00.000Z',
        },
      },
      {
        event_id: 'TK003',
        event_type: 'ticket',
        occurred_at: new Date('2025-03-01T04:00:00Z'),
        source_key: 'ticket_customer:TK003',
        account_code: null,
        channel: 'wechat',
        status: 'open',
        attributes: {
          priority: 'P1',
          topic: '账号登录',
          agent: 'agent-003',
          first_response_at: null,
          resolved_at: null,
          reopened_at: null,
        },
      },
      {
        event_id: 'TK004',
        event_type: 'ticket',
        occurred_at: new Date('2025-03-01T04:00:00Z'),
        source_key: 'ticket_customer:TK004',
        account_code: 'AC100002',
        channel: 'web',
        status: 'reopened',
        attributes: {
          priority: 'P4',
          topic: '系统故障',
          agent: 'agent-004',
          first_response_at: '2025-03-01T05:00:00.000Z',
          resolved_at: '2025-03-01T07:00:00.000Z',
          reopened_at: '2025-03-02T02:00:00.000Z',
        },
      },
      {
        event_id: 'TK009',
        event_type: 'ticket',
        occurred_at: new Date('2025-03-01T05:00:00Z'),
        source_key: null,
        account_code: null,
        channel: 'web',
        status: 'open',
        attributes: {
          priority: 'P3',
          topic: '商品质量',
          agent: 'agent-005',
          first_response_at: null,
          resolved_at: null,
          reopened_at: null,
        },
      },
      {
        event_id: 'TK010',
        event_type: 'ticket',
        occurred_at: new Date('2025-03-01T06:00:00Z'),
        source_key: 'ticket_customer:TK010',
        account_code: null,
        channel: 'email',
        status: 'open',
        attributes: {
          priority: 'P3',
          topic: '发票开具',
          agent: 'agent-006',
          first_response_at: '2025-03-01T07:00:00.000Z',
          resolved_at: null,
          reopened_at: null,
          invalid_fields: { customer_email: expect.stringContaining('"not-an-email"') },
        },
      },
    ]);
    const { rows: people } = await w.query(
      sql`SELECT source_key, phone, phones, email, emails, account_code, source_created_at FROM core.source_records ORDER BY source_key`,
    );
    expect(people).toEqual([
      {
        source_key: 'ticket_customer:TK001',
        phone: '+8613912345678',
        phones: ['+8613912345678'],
        email: null,
        emails: null,
        account_code: null,
        source_created_at: new Date('2025-03-01T02:00:00Z'),
      },
      {
        source_key: 'ticket_customer:TK002',
        phone: null,
        phones: null,
        email: 'li.lei@example.com',
        emails: ['li.lei@example.com'],
        account_code: 'AC100001',
        source_created_at: new Date('2025-03-01T03:00:00Z'),
      },
      {
        source_key: 'ticket_customer:TK003',
        phone: '+8613912345678',
        phones: ['+8613912345678'],
        email: null,
        emails: null,
        account_code: null,
        source_created_at: new Date('2025-03-01T04:00:00Z'),
      },
      {
        source_key: 'ticket_customer:TK004',
        phone: null,
        phones: null,
        email: null,
        emails: null,
        account_code: 'AC100002',
        source_created_at: new Date('2025-03-01T04:00:00Z'),
      },
      {
        source_key: 'ticket_customer:TK010',
        phone: '+8613900001111',
        phones: ['+8613900001111'],
        email: null,
        emails: null,
        account_code: null,
        source_created_at: new Date('2025-03-01T06:00:00Z'),
      },
    ]);
    const { rows: q } = await w.query(
      sql`SELECT record_no, line, reason_code, message FROM ops.quarantine ORDER BY record_no`,
    );
    expect(q).toEqual([
      {
        record_no: 5,
        line: 6,
        reason_code: 'invalid_record',
        message: 'priority "P5" is not a priority; expected P1, P2, P3 or P4',
      },
      {
        record_no: 6,
        line: 7,
        reason_code: 'bad_timestamp',
        message:
          'first_response_at 2025-03-01 11:00:00 is before created_at 2025-03-01 12:00:00; it cannot precede the ticket',
      },
      {
        record_no: 7,
        line: 8,
        reason_code: 'missing_field',
        message: 'created_at is empty; the record needs it',
      },
      {
        record_no: 8,
        line: 9,
        reason_code: 'parse_error',
        message: `line 9: has 4 fields; expected 12 (${HEADER.split(',').join(', ')})`,
      },
    ]);
    const { rows: files } = await w.query(
      sql`SELECT records_read, records_loaded, records_quarantined, duplicates_skipped FROM ops.ingested_files`,
    );
    expect(files).toEqual([
      { records_read: 10, records_loaded: 6, records_quarantined: 4, duplicates_skipped: 0 },
    ]);
    const { rows: raw } = await w.query(sql`SELECT count(*) AS n FROM raw.tickets`);
    expect(raw[0]?.n).toBe(10);
  });

  it('loads survey answers as events of the ticket customer, rejecting scores out of range', async () => {
    const w = await open('tickets_surveys');
    const report = await run(w, [writeTree({ 'tickets/surveys.csv': SURVEYS })]);
    expect(report.files[0]).toMatchObject({ read: 7, loaded: 2, quarantined: 5, duplicates: 0 });
    const { rows } = await w.query(
      sql`SELECT event_id, event_type, occurred_at, source_key, attributes FROM core.events ORDER BY event_id`,
    );
    expect(rows).toEqual([
      {
        event_id: 'survey:TK001',
        event_type: 'survey',
        occurred_at: new Date('2025-03-02T04:00:00Z'),
        source_key: 'ticket_customer:TK001',
        attributes: { ticket_id: 'TK001', csat: 4, nps: 8 },
      },
      {
        event_id: 'survey:TK002',
        event_type: 'survey',
        occurred_at: new Date('2025-03-03T04:00:00Z'),
        source_key: 'ticket_customer:TK002',
        attributes: { ticket_id: 'TK002', csat: null, nps: 9 },
      },
    ]);
    const { rows: q } = await w.query(
      sql`SELECT record_no, reason_code, message FROM ops.quarantine ORDER BY record_no`,
    );
    expect(q).toEqual([
      {
        record_no: 3,
        reason_code: 'bad_number',
        message: 'csat "6" is out of range; expected a whole number from 1 to 5',
      },
      {
        record_no: 4,
        reason_code: 'bad_number',
        message: expect.stringMatching(/^nps: number "abc" is not a number/),
      },
      {
        record_no: 5,
        reason_code: 'missing_field',
        message: 'csat and nps are both empty; the answer needs a score',
      },
      {
        record_no: 6,
        reason_code: 'bad_number',
        message: 'csat "4.5" is out of range; expected a whole number from 1 to 5',
      },
      { record_no: 7, reason_code: 'missing_field', message: 'answered_at is empty; the record needs it' },
    ]);
  });

  it('updates a ticket re-exported with newer times, and skips an export already loaded', async () => {
    const w = await open('tickets_update');
    const dir = writeTree({ 'tickets.csv': TICKETS });
    await run(w, [dir]);
    const again = await run(w, [dir]);
    expect(again.totals).toMatchObject({ read: 0, skippedFiles: 1 });
    const later = TICKETS.replace(
      'TK003,wechat,P1,13912345678,,,账号登录,2025-03-01 12:00:00,,,,agent-003',
      'TK003,wechat,P1,13912345678,,,账号登录,2025-03-01 12:00:00,2025-03-01 12:10:00,2025-03-01 15:00:00,,agent-003',
    );
    const r = await run(w, [writeTree({ 'tickets.csv': later })]);
    expect(r.files[0]).toMatchObject({ read: 10, loaded: 1, quarantined: 4, duplicates: 5 });
    const { rows } = await w.query(sql`SELECT status, attributes FROM core.events WHERE event_id = 'TK003'`);
    expect(rows[0]?.status).toBe('resolved');
    expect(rows[0]?.attributes).toMatchObject({
      first_response_at: '2025-03-01T04:10:00.000Z',
      resolved_at: '2025-03-01T07:00:00.000Z',
    });
    const { rows: n } = await w.query(sql`SELECT count(*) AS n FROM core.events`);
    expect(n[0]?.n).toBe(6);
  });

  it('reads a GBK export', async () => {
    const w = await open('tickets_gbk');
    // "物流延迟" in GBK
    const topic = Buffer.from('ceefc1f7d1d3b3d9', 'hex');
    const bytes = Buffer.concat([
      Buffer.from(`${HEADER}\nTK001,phone,P3,13912345678,,,`),
      topic,
      Buffer.from(',2025-03-01 10:00:00,,,,agent-001\n'),
    ]);
    const report = await run(w, [writeTree({ 'tickets.csv': bytes })]);
    expect(report.files[0]).toMatchObject({ status: 'loaded', encoding: 'gbk', loaded: 1 });
    const { rows } = await w.query(sql`SELECT attributes FROM core.events`);
    expect(rows[0]?.attributes).toMatchObject({ topic: '物流延迟' });
  });

  it('ingests a generated data set: both files load and reconcile, nothing is quarantined, every ticket key is a source record', async () => {
    const w = await open('tickets_generated');
    const { dir, manifest } = await generatedSample(11);
    const report = await run(w, [join(dir, 'tickets')]);
    expect(report.files.map((f) => [f.path.split('/').pop(), f.status])).toEqual([
      ['surveys.csv', 'loaded'],
      ['tickets.csv', 'loaded'],
    ]);
    const counts = manifest.counts.tickets ?? {};
    for (const f of report.files) expect(f.read).toBe(f.loaded + f.quarantined + f.duplicates);
    expect(report.files.map((f) => f.read)).toEqual([counts.surveys, counts.tickets]);
    const { rows: bad } = await w.query(
      sql`SELECT count(*) AS n FROM ops.ingested_files WHERE records_read <> records_loaded + records_quarantined + duplicates_skipped`,
    );
    expect(bad[0]?.n).toBe(0);
    // The generator breaks no ticket or survey on purpose, so the quarantine holds exactly none.
    expect(manifest.invalidRecords.filter((r) => r.path.startsWith('tickets/'))).toEqual([]);
    const { rows: q } = await w.query(sql`SELECT path, line, reason_code, message FROM ops.quarantine`);
    expect(q).toEqual([]);
    const { rows: events } = await w.query(
      sql`SELECT event_type, count(*) AS n FROM core.events GROUP BY event_type ORDER BY event_type`,
    );
    expect(events).toEqual([
      { event_type: 'survey', n: counts.surveys },
      { event_type: 'ticket', n: counts.tickets },
    ]);
    const { rows: keys } = await w.query(
      sql`SELECT source_key FROM core.source_records WHERE source = 'tickets'`,
    );
    const loaded = new Set(keys.map((r) => r.source_key));
    const truth = groundTruthKeys(dir, 'tickets');
    expect(truth.length).toBe(counts.ground_truth_keys);
    expect(truth.filter((k) => !loaded.has(k))).toEqual([]);
    expect(loaded.size).toBe(truth.length);
  });
});
