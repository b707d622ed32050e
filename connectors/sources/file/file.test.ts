import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { ENGINES, freshTarget, hasPostgres, type Engine } from '../../../test/engines.ts';
import { warehousePerTest } from '../../../test/warehouse-per-test.ts';
import { writeTree } from '../../../test/files.ts';
import { runCli } from '../../../test/run-cli.ts';
import { sql, type Warehouse, type WarehouseTarget } from '../../../warehouse/index.ts';
import { UnreadableFileError } from '../../errors.ts';
import { ingest } from '../../index.ts';
import { loadMapping, parseMapping, type Mapping, type MappingInput } from '../../mapping/index.ts';
import { fileConnector } from './connector.ts';
import { readParquet } from '../../files/read-parquet.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const SHARED = join(ROOT, '..', 'shared', 'data');
const FEBRL = join(SHARED, 'febrl', 'febrl1.csv');
const FAKE_1000 = join(SHARED, 'splink', 'fake_1000.csv');
const sharedMissing = !existsSync(SHARED);
if (sharedMissing) {
  console.warn(`skipping the FEBRL and fake_1000 loads: ${SHARED} is absent (it sits beside the repo in CI)`);
}

const mapping = (input: MappingInput): Mapping => parseMapping(input, 'test mapping');
const TZ = { timezone: 'Asia/Shanghai' };

async function writeParquet(path: string, select: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  await c.run(`COPY (${select}) TO '${path.replaceAll("'", "''")}' (FORMAT parquet)`);
  c.closeSync();
  instance.closeSync();
}

const MEMBERS = mapping({
  source: 'crm_export',
  target: 'source_records',
  csv: {
    delimiter: ';',
    header: false,
    columns: ['id', 'name', 'mobile', 'tel', 'birthday', 'updated', 'card', 'email'],
  },
  key: 'crm_contact:{id}',
  fields: {
    full_name: 'name',
    phone: { column: ['mobile', 'tel'] },
    email: 'email',
    birth_date: { column: 'birthday', format: 'DD/MM/YYYY' },
    source_updated_at: { column: 'updated', format: 'DD/MM/YYYY HH:mm' },
    member_card: { column: 'card', transform: 'digits' },
    store_code: { constant: 'SH01' },
  },
});

describe.each(ENGINES)('file connector on %s', (engine: Engine) => {
  const open = warehousePerTest(engine);
  const quarantine = async (w: Warehouse) =>
    (
      await w.query<{ record_no: number; reason_code: string; message: string }>(
        sql`SELECT record_no, reason_code, message FROM ops.quarantine ORDER BY path, record_no`,
      )
    ).rows.map((r) => [r.record_no, r.reason_code, r.message]);

  it('reads a headerless CSV with a custom delimiter, day-first dates, several phones and constants', async () => {
    const w = await open('file_dialect');
    const dir = writeTree({
      'contacts.csv': [
        '1001;王小明;139 1234 5678;021-6123 4567;05/03/1990;01/02/2025 09:30;VIP-0001;WXM@QQ.COM',
        '1002;Li Lei;12345;;31/02/1991;01/02/2025 10:00;VIP-0002;',
        ';赵六;13800001111;;;;;',
        '1003;张伟;;;;',
      ].join('\n'),
    });
    const report = await ingest(w, fileConnector(MEMBERS), [dir], TZ);
    expect(report.files[0]).toMatchObject({ read: 4, loaded: 2, quarantined: 2, duplicates: 0 });
    const { rows } = await w.query(
      sql`SELECT source, source_key, full_name, family_name, given_name, phone, phones, email, emails, birth_date,
                 member_card, store_code, source_updated_at, attributes
          FROM core.source_records ORDER BY source_key`,
    );
    expect(rows).toEqual([
      {
        source: 'crm_export',
        source_key: 'crm_contact:1001',
        full_name: '王小明',
        family_name: '王',
        given_name: '小明',
        phone: '+8613912345678',
        phones: ['+8613912345678', '+862161234567'],
        email: 'wxm@qq.com',
        emails: ['wxm@qq.com'],
        birth_date: '1990-03-05',
        member_card: '0001',
        store_code: 'SH01',
        source_updated_at: new Date('2025-02-01T01:30:00Z'),
        attributes: null,
      },
      {
        source: 'crm_export',
        source_key: 'crm_contact:1002',
        full_name: 'Li Lei',
        family_name: null,
        given_name: null,
        phone: null,
        phones: null,
        email: null,
        emails: null,
        birth_date: null,
        member_card: '0002',
        store_code: 'SH01',
        source_updated_at: new Date('2025-02-01T02:00:00Z'),
        attributes: {
          invalid_fields: {
            mobile:
              'phone "12345" has 5 digits; expected an 11-digit mainland mobile (1[3-9]xxxxxxxxx), optionally with +86',
            birthday: 'date "31/02/1991" is impossible: February 1991 has no day 31 (it has 28)',
          },
        },
      },
    ]);
    expect(await quarantine(w)).toEqual([
      [3, 'missing_field', 'id is empty; source_key (key "crm_contact:{id}") is required'],
      [
        4,
        'parse_error',
        'line 4: has 6 fields; expected 8 (id, name, mobile, tel, birthday, updated, card, email)',
      ],
    ]);
  });

  it('decodes a GBK CSV (encoding auto), and fails it whole when the mapping says utf-8', async () => {
    const w = await open('file_gbk');
    const wang = Buffer.from('cdf5d0a1c3f7', 'hex'); // 王小明 in GBK
    const bytes = Buffer.concat([Buffer.from('id,name\n7,'), wang, Buffer.from('\n')]);
    const m = mapping({
      source: 'shop',
      target: 'source_records',
      key: 'shop:{id}',
      fields: { full_name: 'name' },
    });
    const report = await ingest(w, fileConnector(m), [writeTree({ 'm.csv': bytes })], TZ);
    expect(report.files[0]).toMatchObject({ status: 'loaded', encoding: 'gbk', loaded: 1 });
    const { rows } = await w.query(sql`SELECT source_key, full_name, family_name FROM core.source_records`);
    expect(rows).toEqual([{ source_key: 'shop:7', full_name: '王小明', family_name: '王' }]);
    const utf8 = fileConnector({ ...m, source: 'shop_utf8', encoding: 'utf-8' });
    const strict = await ingest(w, utf8, [writeTree({ 'm.csv': bytes })], TZ);
    expect(strict.files[0]?.status).toBe('failed');
    expect(strict.files[0]?.error).toMatch(/it is not valid utf-8 text; nothing of it was loaded/);
  });

  it('maps NDJSON through nested paths and lists, keeping chosen fields in attributes', async () => {
    const w = await open('file_ndjson');
    const buyers = [
      {
        buyer: { id: 'u1', nick: '小明', phone: '+86 139-1234-5678', emails: ['A@QQ.com', 'b@163.com'] },
        level: 3,
      },
      { buyer: { id: 'u2', phone: '1391234', emails: 'not-an-email' }, level: { tier: 'gold' } },
      { buyer: { nick: 'nobody' } },
      '{"buyer": {"id": "u4"',
    ];
    const dir = writeTree({
      'buyers.jsonl': buyers.map((b) => (typeof b === 'string' ? b : JSON.stringify(b))).join('\n'),
    });
    const m = mapping({
      source: 'tmall',
      target: 'source_records',
      key: 'ecommerce_buyer:{buyer.id}',
      fields: {
        platform_user_id: 'buyer.id',
        phone: 'buyer.phone',
        email: 'buyer.emails',
      },
      attributes: { nick: 'buyer.nick', member_level: 'level' },
    });
    const report = await ingest(w, fileConnector(m), [dir], TZ);
    expect(report.files[0]).toMatchObject({ read: 4, loaded: 2, quarantined: 2 });
    const { rows } = await w.query(
      sql`SELECT source_key, platform_user_id, phone, phones, email, emails, attributes FROM core.source_records ORDER BY source_key`,
    );
    expect(rows).toEqual([
      {
        source_key: 'ecommerce_buyer:u1',
        platform_user_id: 'u1',
        phone: '+8613912345678',
        phones: ['+8613912345678'],
        email: 'a@qq.com',
        emails: ['a@qq.com', 'b@163.com'],
        attributes: { nick: '小明', member_level: 3 },
      },
      {
        source_key: 'ecommerce_buyer:u2',
        platform_user_id: 'u2',
        phone: null,
        phones: null,
        email: null,
        emails: null,
        attributes: {
          member_level: { tier: 'gold' },
          invalid_fields: {
            'buyer.phone':
              'phone "1391234" has 7 digits; expected an 11-digit mainland mobile (1[3-9]xxxxxxxxx), optionally with +86',
            'buyer.emails': 'email "not-an-email" has no "@"; expected local@domain.tld',
          },
        },
      },
    ]);
    const q = await quarantine(w);
    expect(q[0]).toEqual([
      3,
      'missing_field',
      'buyer.id is empty; source_key (key "ecommerce_buyer:{buyer.id}") is required',
    ]);
    expect(q[1]?.[1]).toBe('parse_error');
  });

  it('loads orders (values mapped, amounts exact) and order lines numbered within each order', async () => {
    const w = await open('file_orders');
    const orders = [
      {
        no: 'E1',
        paid_at: '2025-03-01T10:00:00+08:00',
        buyer: { id: 'u1' },
        amount: { total: '99.90', paid: '89.9' },
        state: 'TRADE_FINISHED',
        pay: '支付宝',
      },
      {
        no: 'E2',
        paid_at: '2025-03-02 12:00:00',
        buyer: { id: 'u2' },
        amount: { total: '10', paid: 'abc' },
        state: 'WAIT_SELLER_SEND_GOODS',
      },
      { no: 'E3', buyer: { id: 'u3' }, state: 'TRADE_FINISHED' },
      { no: 'E4', paid_at: '2025-03-02 12:00:00', state: 'TRADE_CLOSED' },
    ];
    const dir = writeTree({
      'orders-0301.ndjson': orders.map((o) => JSON.stringify(o)).join('\n'),
      'lines-0301.csv':
        'order_no,sku,qty,price,amount\nE1,SKU1,2,25.00,50.00\nE1,SKU2,1,49.90,49.90\nE2,SKU3,1,10,10\n',
    });
    const orderMapping = mapping({
      source: 'shop',
      target: 'orders',
      files: 'orders-*.ndjson',
      key: 'ecommerce_buyer:{buyer.id}',
      fields: {
        order_id: 'no',
        ordered_at: 'paid_at',
        channel: { constant: 'ecommerce' },
        status: { column: 'state', values: { TRADE_FINISHED: 'completed', WAIT_SELLER_SEND_GOODS: 'paid' } },
        gross_amount: 'amount.total',
        net_amount: 'amount.paid',
        payment_method: 'pay',
      },
    });
    const lineMapping = mapping({
      source: 'shop',
      target: 'order_lines',
      files: 'lines-*.csv',
      fields: {
        order_id: 'order_no',
        sku: 'sku',
        quantity: 'qty',
        unit_price: 'price',
        line_amount: 'amount',
      },
    });
    const r1 = await ingest(w, fileConnector(orderMapping), [dir], TZ);
    expect(r1.ignored).toEqual(['lines-0301.csv']);
    expect(r1.files[0]).toMatchObject({ read: 4, loaded: 2, quarantined: 2 });
    const r2 = await ingest(w, fileConnector(lineMapping), [dir], TZ);
    expect(r2.files[0]).toMatchObject({ read: 3, loaded: 3, quarantined: 0 });
    const { rows } = await w.query(
      sql`SELECT order_id, source_key, channel, ordered_at, status, currency, gross_amount, net_amount, payment_method, attributes
          FROM core.orders ORDER BY order_id`,
    );
    expect(rows).toEqual([
      {
        order_id: 'E1',
        source_key: 'ecommerce_buyer:u1',
        channel: 'ecommerce',
        ordered_at: new Date('2025-03-01T02:00:00Z'),
        status: 'completed',
        currency: 'CNY',
        gross_amount: 99.9,
        net_amount: 89.9,
        payment_method: 'alipay',
        attributes: null,
      },
      {
        order_id: 'E2',
        source_key: 'ecommerce_buyer:u2',
        channel: 'ecommerce',
        ordered_at: new Date('2025-03-02T04:00:00Z'),
        status: 'paid',
        currency: 'CNY',
        gross_amount: 10,
        net_amount: null,
        payment_method: null,
        attributes: {
          invalid_fields: {
            'amount.paid': `amount "abc" is not a number; expected a decimal amount such as '1234.50', '¥12.50', '12.5元', 'RMB 1,234.00' or '(3.00)'`,
          },
        },
      },
    ]);
    expect(await quarantine(w)).toEqual([
      [3, 'missing_field', 'paid_at is empty; ordered_at is required'],
      [
        4,
        'invalid_record',
        `state: value "TRADE_CLOSED" is none of "TRADE_FINISHED", "WAIT_SELLER_SEND_GOODS" (the mapping's "values" of status)`,
      ],
    ]);
    const { rows: lines } = await w.query(
      sql`SELECT order_id, line_no, sku, quantity, unit_price, line_amount FROM core.order_lines ORDER BY order_id, line_no`,
    );
    expect(lines).toEqual([
      { order_id: 'E1', line_no: 1, sku: 'SKU1', quantity: 2, unit_price: 25, line_amount: 50 },
      { order_id: 'E1', line_no: 2, sku: 'SKU2', quantity: 1, unit_price: 49.9, line_amount: 49.9 },
      { order_id: 'E2', line_no: 1, sku: 'SKU3', quantity: 1, unit_price: 10, line_amount: 10 },
    ]);
  });

  it('records consents against normalised identifiers, and quarantines unknown statuses and bad phones', async () => {
    const w = await open('file_consents');
    const dir = writeTree({
      'consents.csv': [
        'event_id,mobile,type,purpose,channel,flag,at,policy',
        'C1,139 1234 5678,phone,marketing,sms,1,2025-03-01 10:00:00,v2',
        'C2,13912345678,Phone,marketing,sms,0,2025-04-01 10:00:00,v2',
        'C3,12345,phone,marketing,sms,1,2025-03-01 10:00:00,v2',
        'C4,13912345678,phone,marketing,sms,2,2025-03-01 10:00:00,v2',
      ].join('\n'),
    });
    const m = mapping({
      source: 'consent_csv',
      target: 'consents',
      fields: {
        consent_id: 'event_id',
        identifier_type: 'type',
        identifier_value: 'mobile',
        purpose: 'purpose',
        channel: 'channel',
        status: { column: 'flag', values: { '1': 'granted', '0': 'withdrawn' } },
        occurred_at: 'at',
        policy_version: 'policy',
      },
    });
    const report = await ingest(w, fileConnector(m), [dir], TZ);
    expect(report.files[0]).toMatchObject({ read: 4, loaded: 2, quarantined: 2 });
    const { rows } = await w.query(
      sql`SELECT consent_id, identifier_type, identifier_value, status, occurred_at FROM core.consents ORDER BY consent_id`,
    );
    expect(rows).toEqual([
      {
        consent_id: 'C1',
        identifier_type: 'phone',
        identifier_value: '+8613912345678',
        status: 'granted',
        occurred_at: new Date('2025-03-01T02:00:00Z'),
      },
      {
        consent_id: 'C2',
        identifier_type: 'phone',
        identifier_value: '+8613912345678',
        status: 'withdrawn',
        occurred_at: new Date('2025-04-01T02:00:00Z'),
      },
    ]);
    expect((await quarantine(w)).map((q) => q.slice(0, 2))).toEqual([
      [3, 'bad_phone'],
      [4, 'invalid_record'],
    ]);
  });

  it('reads Parquet (structs, decimals, timestamps) into events', async () => {
    const w = await open('file_parquet');
    const dir = writeTree({});
    const path = join(dir, 'tickets.parquet');
    await writeParquet(
      path,
      `SELECT * FROM (VALUES
         ('T1', TIMESTAMPTZ '2025-03-01 10:00:00+08', {'id': 'u1', 'phone': '13912345678'}, 5, 12.50::DECIMAL(10,2), 'resolved'),
         ('T2', NULL, {'id': 'u2', 'phone': NULL}, 3, NULL, 'open'),
         ('T3', TIMESTAMPTZ '2025-03-02 09:00:00+08', {'id': NULL, 'phone': NULL}, NULL, 1.00, 'open')
       ) t(ticket_id, opened_at, customer, csat, refund, status)`,
    );
    const m = mapping({
      source: 'helpdesk',
      target: 'events',
      key: 'ticket_customer:{customer.id}',
      fields: {
        event_id: { template: 'ticket:{ticket_id}' },
        event_type: { constant: 'ticket' },
        occurred_at: 'opened_at',
        status: 'status',
      },
      attributes: { csat: 'csat', refund: 'refund', phone: 'customer.phone' },
    });
    const report = await ingest(w, fileConnector(m), [dir], TZ);
    expect(report.files[0]).toMatchObject({ read: 3, loaded: 2, quarantined: 1 });
    const { rows } = await w.query(
      sql`SELECT event_id, event_type, occurred_at, source_key, status, attributes FROM core.events ORDER BY event_id`,
    );
    expect(rows).toEqual([
      {
        event_id: 'ticket:T1',
        event_type: 'ticket',
        occurred_at: new Date('2025-03-01T02:00:00Z'),
        source_key: 'ticket_customer:u1',
        status: 'resolved',
        attributes: { csat: 5, refund: '12.50', phone: '13912345678' },
      },
      {
        event_id: 'ticket:T3',
        event_type: 'ticket',
        occurred_at: new Date('2025-03-02T01:00:00Z'),
        source_key: null,
        status: 'open',
        attributes: { refund: '1.00' },
      },
    ]);
    expect(await quarantine(w)).toEqual([
      [2, 'missing_field', 'opened_at is empty; occurred_at is required'],
    ]);
    // A Parquet row has no text of its own: its raw row is the row as JSON.
    const { rows: raw } = await w.query<{ line: number; raw: string }>(
      sql`SELECT record_no, line, raw FROM raw.file_records WHERE record_no = 1`,
    );
    expect(raw[0]?.line).toBe(1);
    expect(JSON.parse(raw[0]!.raw)).toMatchObject({
      ticket_id: 'T1',
      customer: { id: 'u1' },
      refund: '12.50',
    });
  });

  it('skips a file loaded before, and updates a record changed at the source with a newer timestamp', async () => {
    const w = await open('file_idem');
    const m = mapping({
      source: 'members',
      target: 'source_records',
      key: 'member:{id}',
      fields: { full_name: 'name', phone: 'mobile', source_updated_at: 'updated' },
    });
    const csv = 'id,name,mobile,updated\n1,王小明,13912345678,2025-01-01 09:00:00\n';
    const dir = writeTree({ 'members.csv': csv });
    await ingest(w, fileConnector(m), [dir], TZ);
    const again = await ingest(w, fileConnector(m), [dir], TZ);
    expect(again.files[0]).toMatchObject({ status: 'skipped', read: 0 });
    expect(again.totals).toMatchObject({ read: 0, skippedFiles: 1 });
    const newer = csv.replace('13912345678', '13800001111').replace('2025-01-01', '2025-06-01');
    const r1 = await ingest(w, fileConnector(m), [writeTree({ 'members.csv': newer })], TZ);
    expect(r1.files[0]).toMatchObject({ loaded: 1, duplicates: 0 });
    const older = csv.replace('13912345678', '13000000000').replace('2025-01-01', '2024-06-01');
    const r2 = await ingest(w, fileConnector(m), [writeTree({ 'members.csv': older })], TZ);
    expect(r2.files[0]).toMatchObject({ loaded: 0, duplicates: 1 });
    const { rows } = await w.query(sql`SELECT phone, source_updated_at FROM core.source_records`);
    expect(rows).toEqual([{ phone: '+8613800001111', source_updated_at: new Date('2025-06-01T01:00:00Z') }]);
    const { rows: files } = await w.query(
      sql`SELECT records_read, records_loaded, records_quarantined, duplicates_skipped FROM ops.ingested_files ORDER BY ingested_at`,
    );
    expect(files).toEqual([
      { records_read: 1, records_loaded: 1, records_quarantined: 0, duplicates_skipped: 0 },
      { records_read: 1, records_loaded: 1, records_quarantined: 0, duplicates_skipped: 0 },
      { records_read: 1, records_loaded: 0, records_quarantined: 0, duplicates_skipped: 1 },
    ]);
  });

  it('replaces control characters in canonical values with spaces, CSV and NDJSON alike, and keeps them raw', async () => {
    const w = await open('file_control');
    const m = mapping({
      source: 'members',
      target: 'source_records',
      key: 'member:{id}',
      fields: { full_name: 'name', address: 'addr' },
      attributes: { note: 'note' },
    });
    const dir = writeTree({
      'members.csv': 'id,name,addr,note\n1\u001e,Li\u001dNa,12 Road\u001f3,tab\tok\u0001\n',
      'members.ndjson': '{"id":"2","name":"Wang\\u001fWu","addr":"x\\u0000y","note":"n\\u001dn"}\n',
    });
    const report = await ingest(w, fileConnector(m), [dir], TZ);
    expect(report.totals).toMatchObject({ read: 2, loaded: 2, quarantined: 0 });
    const { rows } = await w.query(
      sql`SELECT source_key, full_name, address, attributes FROM core.source_records ORDER BY source_key`,
    );
    expect(rows).toEqual([
      { source_key: 'member:1 ', full_name: 'Li Na', address: '12 Road 3', attributes: { note: 'tab\tok ' } },
      { source_key: 'member:2', full_name: 'Wang Wu', address: 'x y', attributes: { note: 'n n' } },
    ]);
    const raw = await w.query<{ raw: string }>(sql`SELECT raw FROM raw.file_records WHERE raw LIKE ${'1%'}`);
    expect(raw.rows).toEqual([{ raw: '1\u001e,Li\u001dNa,12 Road\u001f3,tab\tok\u0001' }]);
  });

  it('quarantines bad records naming the field, and every record when the file lacks a mapped column', async () => {
    const w = await open('file_bad');
    const m = mapping({
      source: 'clinic',
      target: 'source_records',
      key: 'patient:{id}',
      fields: { full_name: 'name', birth_date: { column: 'dob', format: 'YYYYMMDD' }, phone: 'mobile' },
      required: ['birth_date'],
    });
    const dir = writeTree({
      'patients.csv': [
        'id,name,dob,mobile',
        '1,Ann,19900101,13912345678',
        '2,Bob,,13912345678',
        '3,Cat,19901301,',
        ',Dan,19900101,',
        '4,Eve,19900101,1391234',
        '5,Fay',
      ].join('\n'),
    });
    const report = await ingest(w, fileConnector(m), [dir], TZ);
    const f = report.files[0]!;
    expect(f).toMatchObject({ status: 'loaded', read: 6, loaded: 2, quarantined: 4, duplicates: 0 });
    expect(f.read).toBe(f.loaded + f.quarantined + f.duplicates);
    expect(await quarantine(w)).toEqual([
      [2, 'missing_field', 'dob is empty; birth_date is required'],
      [3, 'bad_date', 'dob: date "19901301" is impossible: month 13 does not exist'],
      [4, 'missing_field', 'id is empty; source_key (key "patient:{id}") is required'],
      [6, 'parse_error', 'line 7: has 2 fields; expected 4 (id, name, dob, mobile)'],
    ]);
    const typo = mapping({
      ...m,
      source: 'clinic_typo',
      fields: { ...m.fields, phone: { column: 'mobil' } },
    });
    // Another copy: raw.file_records is keyed by checksum alone, so one file cannot load under two sources.
    const copy = writeTree({ 'patients.csv': readFileSync(join(dir, 'patients.csv'), 'utf8') + '\n' });
    const all = await ingest(w, fileConnector(typo), [copy], TZ);
    expect(all.files[0]).toMatchObject({ status: 'failed', read: 0, loaded: 0 });
    expect(all.files[0]?.error).toBe(
      `cannot read patients.csv: it has no column "mobil" (named in the mapping's fields.phone); its columns are: id, name, dob, mobile; nothing of it was loaded`,
    );
  });

  it.skipIf(sharedMissing)('loads FEBRL febrl1.csv: 1,000 person records, none quarantined', async () => {
    const w = await open('file_febrl');
    const m = await loadMapping(join(ROOT, 'examples', 'mappings', 'febrl1.json'));
    const report = await ingest(w, fileConnector(m), [FEBRL], TZ);
    expect(report.files[0]).toMatchObject({ status: 'loaded', read: 1000, loaded: 1000, quarantined: 0 });
    const { rows } = await w.query(
      sql`SELECT source, source_key, full_name, family_name, given_name, birth_date, address, city, postcode, province, insurance_id, attributes
          FROM core.source_records WHERE source_key IN ('febrl:rec-223-org', 'febrl:rec-122-org') ORDER BY source_key`,
    );
    expect(rows).toEqual([
      {
        source: 'febrl',
        source_key: 'febrl:rec-122-org',
        full_name: 'lachlan berry',
        family_name: 'berry',
        given_name: 'lachlan',
        birth_date: '1999-02-19',
        address: '69 giblin street, killarney',
        city: 'bittern',
        postcode: '4814',
        province: 'QLD',
        insurance_id: '7364009',
        attributes: null,
      },
      {
        source: 'febrl',
        source_key: 'febrl:rec-223-org',
        full_name: 'waller',
        family_name: 'waller',
        given_name: null,
        birth_date: '1908-12-09',
        address: '6 tullaroop street, willaroo',
        city: 'st james',
        postcode: '4011',
        province: 'WA',
        insurance_id: '6988048',
        attributes: null,
      },
    ]);
    const { rows: dates } = await w.query<{ attributes: { invalid_fields?: Record<string, string> } | null }>(
      sql`SELECT attributes FROM core.source_records`,
    );
    // Three duplicates carry impossible birth dates (month 95...): kept, with the date dropped and noted.
    expect(dates.filter((r) => r.attributes?.invalid_fields?.date_of_birth).length).toBe(3);
  });

  it.skipIf(sharedMissing)(
    'loads Splink fake_1000.csv: 1,000 records, bad emails kept as noted',
    async () => {
      const w = await open('file_fake1000');
      const m = await loadMapping(join(ROOT, 'examples', 'mappings', 'splink-fake-1000.json'));
      const report = await ingest(w, fileConnector(m), [FAKE_1000], TZ);
      expect(report.files[0]).toMatchObject({ status: 'loaded', read: 1000, loaded: 1000, quarantined: 0 });
      const { rows } = await w.query<{
        attributes: { cluster: string; invalid_fields?: Record<string, string> };
      }>(sql`SELECT attributes FROM core.source_records`);
      expect(new Set(rows.map((r) => r.attributes.cluster)).size).toBe(181);
      expect(rows.filter((r) => r.attributes.invalid_fields?.email).length).toBe(23);
      const { rows: first } = await w.query(
        sql`SELECT source_key, full_name, birth_date, city, email FROM core.source_records WHERE source_key IN ('splink:0', 'splink:3') ORDER BY source_key`,
      );
      expect(first).toEqual([
        {
          source_key: 'splink:0',
          full_name: 'Julia',
          birth_date: '2015-10-29',
          city: 'London',
          email: 'hannah88@powers.com',
        },
        {
          source_key: 'splink:3',
          full_name: 'Julia Taylor',
          birth_date: '2015-10-29',
          city: null,
          email: null,
        },
      ]);
    },
  );

  it('runs as `cdp ingest file --mapping` and as a configured source with connector file', async () => {
    if (engine === 'postgres' && !hasPostgres()) expect.fail('no PostgreSQL server from the harness');
    const target: WarehouseTarget = await freshTarget(engine, 'file_cli');
    const env = { CDP_WAREHOUSE: target.engine === 'duckdb' ? target.path : target.url };
    const cwd = writeTree({
      'mappings/members.json': JSON.stringify({
        source: 'members',
        target: 'source_records',
        key: 'member:{id}',
        fields: { full_name: 'name', phone: 'mobile' },
      }),
      'data/members.csv': 'id,name,mobile\n1,王小明,13912345678\n2,李雷,\n,nobody,\n',
      'crm/members.csv': 'id,name,mobile\n1,王小明,13912345678\n2,李雷,13800001111\n,nobody,\n',
      'bad.json': JSON.stringify({
        source: 'x',
        target: 'source_records',
        key: 'k',
        fields: { phone_no: 'p' },
      }),
    });
    const adHoc = await runCli(
      ['ingest', 'file', 'data/members.csv', '--mapping', 'mappings/members.json', '--source', 'adhoc'],
      { cwd, env },
    );
    expect(adHoc.code).toBe(0);
    expect(adHoc.stdout).toContain('read 3 = loaded 2 + quarantined 1 + duplicates 0');
    mkdirSync(join(cwd, 'conf'));
    writeFileSync(
      join(cwd, 'conf', 'jobs.config.ts'),
      `export default { sources: { crm: { connector: 'file', mapping: '../mappings/members.json', paths: ['../crm'] } } };\n`,
    );
    const configured = await runCli(['-c', 'conf/jobs.config.ts', 'ingest', 'crm', '--json'], { cwd, env });
    expect(configured.code).toBe(0);
    expect(JSON.parse(configured.stdout)).toMatchObject({ totals: { read: 3, loaded: 2, quarantined: 1 } });
    const sources = await runCli(
      [
        'sql',
        'SELECT source, count(*) AS n FROM core.source_records GROUP BY source ORDER BY source',
        '--format',
        'csv',
      ],
      { cwd, env },
    );
    expect(sources.stdout).toBe('source,n\r\nadhoc,2\r\ncrm,2\r\n');
    const bad = await runCli(['ingest', 'file', 'data', '--mapping', 'bad.json'], { cwd, env });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain(
      'fields.phone_no: core.source_records has no column phone_no; expected one of',
    );
    const none = await runCli(['ingest', 'file', 'data'], { cwd, env });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('the file connector needs a mapping: cdp ingest file <paths...> --mapping');
    const help = await runCli(['ingest', '--help'], { cwd });
    expect(help.stdout).toContain('--mapping <file>');
    expect(help.stdout).toContain('docs/mapping.md');
  });
});

describe('readParquet', () => {
  it('fails a file that is not Parquet as unreadable', async () => {
    const path = join(writeTree({ 'x.parquet': 'id,name\n1,a\n' }), 'x.parquet');
    const read = async (): Promise<void> => {
      for await (const r of readParquet(path)) void r;
    };
    await expect(read()).rejects.toBeInstanceOf(UnreadableFileError);
    await expect(read()).rejects.toThrow(
      /cannot read .*x\.parquet: it is not a Parquet file DuckDB can read/,
    );
  });
});
