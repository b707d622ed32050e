import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGINES, type Engine } from '../../../test/engines.ts';
import { warehousePerTest } from '../../../test/warehouse-per-test.ts';
import { generatedSample, groundTruthKeys } from '../../../test/generated.ts';
import { writeTree } from '../../../test/files.ts';
import { sql, type Warehouse } from '../../../warehouse/index.ts';
import { ingest } from '../../index.ts';
import { wmsConnector } from './connector.ts';

const SHIPMENTS =
  'shipment_no,order_ref,customer_account_code,consignee_phone,origin,destination_city,promised_at,shipped_at,delivered_at,status,updated_at';
const day1 = [
  SHIPMENTS,
  'YT001,250301000001,,138 1234 5678,WH-SH,上海市,2025-03-03 12:00:00,2025-03-01 18:00:00,,IN_TRANSIT,2025-03-01 18:00:00',
  'YT002,PO202503010001,AC100001,,WH-BJ,北京市,2025-03-03 10:00:00,,,CREATED,2025-03-01 09:00:00',
  // a consignee phone no one can dial: kept as a shipment, the phone dropped and noted
  'YT003,250301000003,,12345,WH-SH,杭州市,2025-03-03 12:00:00,2025-03-01 20:00:00,2025-03-02 10:00:00,DELIVERED,2025-03-02 10:00:00',
  // no shipment number
  ',250301000004,,13912345678,WH-SH,上海市,2025-03-03 12:00:00,2025-03-01 18:00:00,,IN_TRANSIT,2025-03-01 18:00:00',
  // delivered before it shipped
  'YT005,250301000005,,13912345679,WH-SH,上海市,2025-03-03 12:00:00,2025-03-01 18:00:00,2025-03-01 08:00:00,DELIVERED,2025-03-01 18:00:00',
  // truncated line
  'YT006,250301000006,,139',
  // promised_at is not a time: dropped and noted, the shipment loads
  'YT007,250301000007,,,WH-GZ,广州市,next week,2025-03-01 07:00:00,,IN_TRANSIT,2025-03-01 07:00:00',
].join('\n');
const day2 = [
  SHIPMENTS,
  'YT001,250301000001,,138 1234 5678,WH-SH,上海市,2025-03-03 12:00:00,2025-03-01 18:00:00,2025-03-02 15:00:00,DELIVERED,2025-03-02 15:00:00',
  'YT002,PO202503010001,AC100001,,WH-BJ,北京市,2025-03-03 10:00:00,2025-03-02 08:00:00,,IN_TRANSIT,2025-03-02 08:00:00',
].join('\n');
const TRACKING = 'shipment_no,event_time,status_code,exception_reason_code,location';
const scans = [
  TRACKING,
  'YT001,2025-03-01 16:00:00,PICKED,,上海青浦仓',
  'YT001,2025-03-02 09:00:00,EXCEPTION,E02,上海市浦东新区',
  'YT001,2025-03-02T15:00:00+08:00,DELIVERED,,上海市浦东新区',
  // the same scan twice in the pull: one event
  'YT001,2025-03-02T15:00:00+08:00,DELIVERED,,上海市浦东新区',
  'YT002,,PICKED,,北京大兴仓',
  'YT002,2025-03-02 25:00:00,PICKED,,北京大兴仓',
].join('\n');

describe.each(ENGINES)('wms connector on %s', (engine: Engine) => {
  const open = warehousePerTest(engine);
  const run = (w: Warehouse, paths: string[]) =>
    ingest(w, wmsConnector, paths, { timezone: 'Asia/Shanghai' });

  it('loads shipments as events with their consignee as a source record, quarantining bad rows', async () => {
    const w = await open('wms_load');
    const report = await run(w, [writeTree({ 'wms/shipments-20250301.csv': day1 })]);
    expect(report.files[0]).toMatchObject({
      status: 'loaded',
      read: 7,
      loaded: 4,
      quarantined: 3,
      duplicates: 0,
    });
    const { rows: events } = await w.query(
      sql`SELECT event_id, event_type, occurred_at, source_key, account_code, status, attributes FROM core.events ORDER BY event_id`,
    );
    expect(events).toEqual([
      {
        event_id: 'YT001',
        event_type: 'shipment',
        occurred_at: new Date('2025-03-01T10:00:00Z'),
        source_key: 'wms_shipment:YT001',
        account_code: null,
        status: 'in_transit',
        attributes: {
          order_ref: '250301000001',
          origin: 'WH-SH',
          destination: '上海市',
          promised_at: '2025-03-03T04:00:00.000Z',
          shipped_at: '2025-03-01T10:00:00.000Z',
          delivered_at: null,
          on_time: null,
          updated_at: '2025-03-01T10:00:00.000Z',
        },
      },
      {
        event_id: 'YT002',
        event_type: 'shipment',
        // not shipped yet: when the row was last updated
        occurred_at: new Date('2025-03-01T01:00:00Z'),
        source_key: 'wms_shipment:YT002',
        account_code: 'AC100001',
        status: 'created',
        attributes: {
          order_ref: 'PO202503010001',
          origin: 'WH-BJ',
          destination: '北京市',
          promised_at: '2025-03-03T02:00:00.000Z',
          shipped_at: null,
          delivered_at: null,
          on_time: null,
          updated_at: '2025-03-01T01:00:00.000Z',
        },
      },
      {
        event_id: 'YT003',
        event_type: 'shipment',
        occurred_at: new Date('2025-03-01T12:00:00Z'),
        source_key: 'wms_shipment:YT003',
        account_code: null,
        status: 'delivered',
        attributes: {
          order_ref: '250301000003',
          origin: 'WH-SH',
          destination: '杭州市',
          promised_at: '2025-03-03T04:00:00.000Z',
          shipped_at: '2025-03-01T12:00:00.000Z',
          delivered_at: '2025-03-02T02:00:00.000Z',
          on_time: true,
          updated_at: '2025-03-02T02:00:00.000Z',
          invalid_fields: { consignee_phone: expect.stringContaining('"12345"') },
        },
      },
      {
        event_id: 'YT007',
        event_type: 'shipment',
        occurred_at: new Date('2025-02-28T23:00:00Z'),
        source_key: null,
        account_code: null,
        status: 'in_transit',
        attributes: {
          order_ref: '250301000007',
          origin: 'WH-GZ',
          destination: '广州市',
          promised_at: null,
          shipped_at: '2025-02-28T23:00:00.000Z',
          delivered_at: null,
          on_time: null,
          updated_at: '2025-02-28T23:00:00.000Z',
          invalid_fields: { promised_at: expect.stringContaining('"next week"') },
        },
      },
    ]);
    const { rows: people } = await w.query(
      sql`SELECT source_key, phone, phones, account_code, city, source_updated_at FROM core.source_records ORDER BY source_key`,
    );
    expect(people).toEqual([
      {
        source_key: 'wms_shipment:YT001',
        phone: '+8613812345678',
        phones: ['+8613812345678'],
        account_code: null,
        city: '上海市',
        source_updated_at: new Date('2025-03-01T10:00:00Z'),
      },
      {
        source_key: 'wms_shipment:YT002',
        phone: null,
        phones: null,
        account_code: 'AC100001',
        city: '北京市',
        source_updated_at: new Date('2025-03-01T01:00:00Z'),
      },
      {
        source_key: 'wms_shipment:YT003',
        phone: null,
        phones: null,
        account_code: null,
        city: '杭州市',
        source_updated_at: new Date('2025-03-02T02:00:00Z'),
      },
    ]);
    const { rows: q } = await w.query(
      sql`SELECT record_no, line, reason_code, message FROM ops.quarantine ORDER BY record_no`,
    );
    expect(q.map((r) => [r.record_no, r.line, r.reason_code])).toEqual([
      [4, 5, 'missing_field'],
      [5, 6, 'bad_timestamp'],
      [6, 7, 'parse_error'],
    ]);
    expect(q[0]?.message).toBe('shipment_no is empty; the record needs it');
    expect(q[1]?.message).toBe(
      'delivered_at 2025-03-01 08:00:00 is before shipped_at 2025-03-01 18:00:00; a parcel cannot arrive before it leaves',
    );
    const { rows: files } = await w.query(
      sql`SELECT records_read, records_loaded, records_quarantined, duplicates_skipped FROM ops.ingested_files`,
    );
    expect(files).toEqual([
      { records_read: 7, records_loaded: 4, records_quarantined: 3, duplicates_skipped: 0 },
    ]);
    const { rows: raw } = await w.query(sql`SELECT count(*) AS n FROM raw.wms_shipments`);
    expect(raw[0]?.n).toBe(7);
  });

  it('updates a shipment from a later pull, and skips a pull already loaded', async () => {
    const w = await open('wms_update');
    await run(w, [writeTree({ 'shipments-20250301.csv': day1 })]);
    const later = await run(w, [writeTree({ 'shipments-20250302.csv': day2 })]);
    expect(later.files[0]).toMatchObject({ read: 2, loaded: 2, quarantined: 0, duplicates: 0 });
    const again = await run(w, [writeTree({ 'shipments-20250302.csv': day2 })]);
    expect(again.totals).toMatchObject({ read: 0, skippedFiles: 1 });
    const { rows } = await w.query(
      sql`SELECT event_id, occurred_at, status, attributes FROM core.events WHERE event_id IN ('YT001', 'YT002') ORDER BY event_id`,
    );
    expect(rows.map((r) => [r.event_id, r.occurred_at, r.status])).toEqual([
      ['YT001', new Date('2025-03-01T10:00:00Z'), 'delivered'],
      ['YT002', new Date('2025-03-02T00:00:00Z'), 'in_transit'],
    ]);
    expect(rows[0]?.attributes).toMatchObject({ delivered_at: '2025-03-02T07:00:00.000Z', on_time: true });
    const { rows: people } = await w.query(
      sql`SELECT source_updated_at FROM core.source_records WHERE source_key = 'wms_shipment:YT001'`,
    );
    expect(people).toEqual([{ source_updated_at: new Date('2025-03-02T07:00:00Z') }]);
    // The same rows in a renamed copy of the pull change nothing.
    const copy = await run(w, [writeTree({ 'shipments-20250302.csv': day2 + '\n' })]);
    expect(copy.files[0]).toMatchObject({ read: 2, loaded: 0, duplicates: 2 });
  });

  it('never lets an older pull loaded later (a backfill) overwrite a newer shipment', async () => {
    const w = await open('wms_backfill');
    await run(w, [writeTree({ 'shipments-20250302.csv': day2 })]);
    const older = await run(w, [writeTree({ 'shipments-20250301.csv': day1 })]);
    expect(older.files[0]).toMatchObject({ read: 7, quarantined: 3 });
    const { rows } = await w.query(
      sql`SELECT event_id, status, updated_at FROM core.events WHERE event_id IN ('YT001', 'YT002') ORDER BY event_id`,
    );
    expect(rows).toEqual([
      { event_id: 'YT001', status: 'delivered', updated_at: new Date('2025-03-02T07:00:00Z') },
      { event_id: 'YT002', status: 'in_transit', updated_at: new Date('2025-03-02T00:00:00Z') },
    ]);
  });

  it('lets the latest pull win when several pulls load together', async () => {
    const w = await open('wms_batch');
    const report = await run(w, [
      writeTree({ 'wms/shipments-20250302.csv': day2, 'wms/shipments-20250301.csv': day1 }),
    ]);
    expect(
      report.files.map((f) => [f.path.split('/').pop(), f.read, f.loaded, f.quarantined, f.duplicates]),
    ).toEqual([
      ['shipments-20250301.csv', 7, 2, 3, 2],
      ['shipments-20250302.csv', 2, 2, 0, 0],
    ]);
    const { rows } = await w.query(
      sql`SELECT event_id, status FROM core.events WHERE event_id IN ('YT001', 'YT002') ORDER BY event_id`,
    );
    expect(rows).toEqual([
      { event_id: 'YT001', status: 'delivered' },
      { event_id: 'YT002', status: 'in_transit' },
    ]);
  });

  it('loads tracking scans as events keyed by shipment, time and status', async () => {
    const w = await open('wms_tracking');
    const report = await run(w, [writeTree({ 'wms/tracking-20250302.csv': scans })]);
    expect(report.files[0]).toMatchObject({ read: 6, loaded: 3, quarantined: 2, duplicates: 1 });
    const { rows } = await w.query(
      sql`SELECT event_id, event_type, occurred_at, source_key, status, attributes FROM core.events ORDER BY occurred_at`,
    );
    expect(rows).toEqual([
      {
        event_id: 'YT001:2025-03-01T08:00:00.000Z:PICKED',
        event_type: 'tracking',
        occurred_at: new Date('2025-03-01T08:00:00Z'),
        source_key: 'wms_shipment:YT001',
        status: 'picked',
        attributes: {
          shipment_no: 'YT001',
          status_code: 'PICKED',
          exception_reason_code: null,
          location: '上海青浦仓',
        },
      },
      {
        event_id: 'YT001:2025-03-02T01:00:00.000Z:EXCEPTION',
        event_type: 'tracking',
        occurred_at: new Date('2025-03-02T01:00:00Z'),
        source_key: 'wms_shipment:YT001',
        status: 'exception',
        attributes: {
          shipment_no: 'YT001',
          status_code: 'EXCEPTION',
          exception_reason_code: 'E02',
          location: '上海市浦东新区',
        },
      },
      {
        event_id: 'YT001:2025-03-02T07:00:00.000Z:DELIVERED',
        event_type: 'tracking',
        occurred_at: new Date('2025-03-02T07:00:00Z'),
        source_key: 'wms_shipment:YT001',
        status: 'delivered',
        attributes: {
          shipment_no: 'YT001',
          status_code: 'DELIVERED',
          exception_reason_code: null,
          location: '上海市浦东新区',
        },
      },
    ]);
    const { rows: q } = await w.query(
      sql`SELECT record_no, reason_code, message FROM ops.quarantine ORDER BY record_no`,
    );
    expect(q).toEqual([
      { record_no: 5, reason_code: 'missing_field', message: 'event_time is empty; the record needs it' },
      {
        record_no: 6,
        reason_code: 'bad_timestamp',
        message: expect.stringMatching(/^event_time: timestamp "2025-03-02 25:00:00" is impossible/),
      },
    ]);
  });

  it('reads gzipped pulls, and fails a file that is not text alone, loading nothing of it', async () => {
    const w = await open('wms_encoding');
    const broken = Buffer.concat([
      Buffer.from(`${TRACKING}\nYT001,2025-03-01 16:00:00,PICKED,,`),
      Buffer.from([0xff, 0xfe, 0xff]),
      Buffer.from('\n'),
    ]);
    const gz = gzipSync(Buffer.from(`${TRACKING}\nYT009,2025-03-03 08:00:00,PICKED,,上海青浦仓\n`));
    const report = await run(w, [
      writeTree({
        'tracking-20250301.csv': broken,
        'tracking-20250302.csv': scans,
        'tracking-20250303.csv.gz': gz,
      }),
    ]);
    expect(report.files.map((f) => [f.status, f.loaded])).toEqual([
      ['failed', 0],
      ['loaded', 3],
      ['loaded', 1],
    ]);
    expect(report.files[0]?.error).toMatch(
      /tracking-20250301\.csv: it is not valid utf-8 or gbk text; nothing of it was loaded/,
    );
    const { rows } = await w.query(sql`SELECT count(*) AS n FROM raw.wms_tracking`);
    expect(rows[0]?.n).toBe(7);
  });

  it('ingests a generated data set: every pull loads and reconciles, nothing is quarantined, every shipment key is a source record', async () => {
    const w = await open('wms_generated');
    const { dir, manifest } = await generatedSample(11);
    const report = await run(w, [join(dir, 'wms')]);
    const entries = manifest.files.filter((f) => f.feed === 'wms');
    expect(report.files).toHaveLength(entries.length);
    expect(report.totals.failedFiles).toBe(0);
    for (const f of report.files) expect(f.read).toBe(f.loaded + f.quarantined + f.duplicates);
    const rows = new Map(entries.map((e) => [e.path.split('/').pop(), e.rows]));
    for (const f of report.files) expect(f.read).toBe(rows.get(f.path.split('/').pop()));
    const { rows: files } = await w.query(
      sql`SELECT count(*) AS n FROM ops.ingested_files WHERE records_read <> records_loaded + records_quarantined + duplicates_skipped`,
    );
    expect(files[0]?.n).toBe(0);
    // The generator breaks no WMS record on purpose, so the quarantine holds exactly none.
    expect(manifest.invalidRecords.filter((r) => r.path.startsWith('wms/'))).toEqual([]);
    const { rows: q } = await w.query(sql`SELECT path, line, reason_code, message FROM ops.quarantine`);
    expect(q).toEqual([]);
    const { rows: events } = await w.query(
      sql`SELECT event_type, count(*) AS n FROM core.events GROUP BY event_type ORDER BY event_type`,
    );
    expect(events).toEqual([
      { event_type: 'shipment', n: manifest.counts.wms?.shipments },
      { event_type: 'tracking', n: manifest.counts.wms?.tracking_rows },
    ]);
    const { rows: keys } = await w.query(
      sql`SELECT source_key FROM core.source_records WHERE source = 'wms'`,
    );
    const loaded = new Set(keys.map((r) => r.source_key));
    const truth = groundTruthKeys(dir, 'wms');
    expect(truth.length).toBe(manifest.counts.wms?.ground_truth_keys);
    expect(truth.filter((k) => !loaded.has(k))).toEqual([]);
    expect(loaded.size).toBe(truth.length);
  });
});
