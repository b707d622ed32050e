import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ENGINES, freshWarehouse, type Engine } from '../test/engines.ts';
import { openWarehouse, sql, type Warehouse } from '../warehouse/index.ts';
import { isHeldOut, SegmentNotReadyError, SegmentRemovedError, syncDestination } from './index.ts';
import { addCustomers, at, consent, dest, grantAll, logOf, setMembers } from './test-fixture.ts';

const open: Warehouse[] = [];
afterAll(async () => {
  for (const w of open) await w.close();
});
async function warehouse(engine: Engine, label: string): Promise<Warehouse> {
  const wh = await freshWarehouse(engine, label, 'Asia/Shanghai');
  open.push(wh);
  return wh;
}
const tempDir = () => mkdtempSync(join(tmpdir(), 'cdp-dest-'));
const lines = (path: string) => readFileSync(path, 'utf8').trimEnd().split('\n');

describe('file destinations', () => {
  it('sends everyone eligible first, then only adds and removes; a rerun sends nothing; a withdrawal becomes a remove', async () => {
    for (const engine of ENGINES) {
      const wh = await warehouse(engine, 'dest_delta');
      await addCustomers(wh, ['alice', 'bob', 'carol', 'dave']);
      await grantAll(wh, ['alice', 'carol', 'dave']);
      const out = tempDir();
      const d = dest({
        type: 'file',
        format: 'csv',
        directory: out,
        segment: 'vip',
        purpose: 'marketing',
        channel: 'sms',
        fields: ['phone', 'full_name'],
      });
      await setMembers(wh, 'vip', ['alice', 'bob', 'carol'], '2025-07-15');
      const first = await syncDestination(wh, 'sms_vip', d, {
        asOf: '2025-07-15',
        now: at('2025-07-16 09:00:00'),
      });
      expect(first).toMatchObject({ syncId: '20250715-0001', adds: 2, removes: 0, noConsent: 1 });
      expect(first.files).toEqual([join(out, 'sms_vip.vip.20250715-0001.csv')]);
      expect(lines(first.files[0]!)).toEqual([
        'action,customer_id,phone,full_name',
        'add,alice,+8613910000000,Name alice',
        'add,carol,+8613910000002,Name carol',
      ]);

      // Same inputs: nothing to send and nothing new to record.
      const rerun = await syncDestination(wh, 'sms_vip', d, {
        asOf: '2025-07-15',
        now: at('2025-07-16 10:00:00'),
      });
      expect(rerun).toMatchObject({ syncId: null, adds: 0, removes: 0, noConsent: 0, files: [] });

      // Next day: dave enters, carol leaves, alice withdraws her SMS consent.
      await setMembers(wh, 'vip', ['alice', 'bob', 'dave'], '2025-07-16');
      await consent(wh, 'alice', 'withdrawn', at('2025-07-17 08:00:00'));
      const second = await syncDestination(wh, 'sms_vip', d, {
        asOf: '2025-07-16',
        now: at('2025-07-17 09:00:00'),
      });
      expect(second).toMatchObject({ syncId: '20250716-0002', adds: 1, removes: 2 });
      expect(lines(second.files[0]!)).toEqual([
        'action,customer_id,phone,full_name',
        'remove,alice,+8613910000000,Name alice',
        'remove,carol,+8613910000002,Name carol',
        'add,dave,+8613910000003,Name dave',
      ]);
      expect(
        (await logOf(wh, 'sms_vip')).map((r) => [r.sync_id, r.customer_id, r.action, r.status, r.detail]),
      ).toEqual([
        ['20250715-0001', 'alice', 'add', 'sent', null],
        ['20250715-0001', 'bob', 'add', 'no_consent', null],
        ['20250715-0001', 'carol', 'add', 'sent', null],
        ['20250716-0002', 'alice', 'remove', 'sent', 'no_consent'],
        ['20250716-0002', 'carol', 'remove', 'sent', 'left_segment'],
        ['20250716-0002', 'dave', 'add', 'sent', null],
      ]);

      // A grant after the withdrawal brings her back.
      await consent(wh, 'alice', 'granted', at('2025-07-18 08:00:00'));
      await setMembers(wh, 'vip', ['alice', 'bob', 'dave'], '2025-07-18');
      const third = await syncDestination(wh, 'sms_vip', d, {
        asOf: '2025-07-18',
        now: at('2025-07-18 09:00:00'),
      });
      expect(third).toMatchObject({ adds: 1, removes: 0 });
    }
  });

  it('writes NDJSON and Parquet that read back the same', async () => {
    for (const engine of ENGINES) {
      const wh = await warehouse(engine, 'dest_formats');
      await addCustomers(wh, ['alice', 'bob']);
      await grantAll(wh, ['alice', 'bob']);
      await setMembers(wh, 'vip', ['alice', 'bob'], '2025-07-15');
      const out = tempDir();
      const base = {
        type: 'file',
        directory: out,
        segment: 'vip',
        purpose: 'marketing',
        channel: 'sms',
      } as const;
      const opts = { asOf: '2025-07-15', now: at('2025-07-16 09:00:00') };
      const nd = await syncDestination(
        wh,
        'nd',
        dest({ ...base, format: 'ndjson', fields: ['email'] }),
        opts,
      );
      expect(lines(nd.files[0]!).map((l) => JSON.parse(l) as unknown)).toEqual([
        { action: 'add', customer_id: 'alice', email: 'alice@example.com' },
        { action: 'add', customer_id: 'bob', email: 'bob@example.com' },
      ]);
      const pq = await syncDestination(
        wh,
        'pq',
        dest({ ...base, format: 'parquet', fields: ['email'] }),
        opts,
      );
      expect(pq.files[0]).toMatch(/pq\.vip\.20250715-0001\.parquet$/);
      const { warehouse: mem } = await openWarehouse(
        { engine: 'duckdb', path: ':memory:' },
        { migrate: false },
      );
      try {
        const { rows } = await mem.query(
          sql`SELECT * FROM read_parquet(${pq.files[0]!}) ORDER BY customer_id`,
        );
        expect(rows).toEqual([
          { action: 'add', customer_id: 'alice', email: 'alice@example.com' },
          { action: 'add', customer_id: 'bob', email: 'bob@example.com' },
        ]);
      } finally {
        await mem.close();
      }
    }
  });

  it('refuses a segment that is missing or older than the sync', async () => {
    const wh = await warehouse('duckdb', 'dest_stale');
    const d = dest({
      type: 'file',
      format: 'csv',
      directory: tempDir(),
      segment: 'vip',
      purpose: 'marketing',
      channel: 'sms',
    });
    await expect(
      syncDestination(wh, 'x', d, { asOf: '2025-07-15', now: at('2025-07-16 09:00:00') }),
    ).rejects.toThrow(SegmentNotReadyError);
    await setMembers(wh, 'vip', [], '2025-07-14');
    await expect(
      syncDestination(wh, 'x', d, { asOf: '2025-07-15', now: at('2025-07-16 09:00:00') }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[SegmentNotReadyError: destination "x": segment "vip" was last materialised for 2025-07-14, before 2025-07-15 (run the segments job for 2025-07-15 first)]`,
    );
  });

  it('refuses a segment removed from the configuration, sending and logging nothing', async () => {
    for (const engine of ENGINES) {
      const wh = await warehouse(engine, 'dest_removed');
      await addCustomers(wh, ['alice']);
      await grantAll(wh, ['alice']);
      const out = tempDir();
      const d = dest({
        type: 'file',
        format: 'csv',
        directory: out,
        segment: 'vip',
        purpose: 'marketing',
        channel: 'sms',
      });
      await setMembers(wh, 'vip', ['alice'], '2025-07-15');
      await syncDestination(wh, 'x', d, { asOf: '2025-07-15', now: at('2025-07-16 09:00:00') });
      // What the segments run leaves of a segment no longer defined.
      await setMembers(wh, 'vip', [], '2025-07-16');
      await wh.query(
        sql`UPDATE marts.segments SET removed_at = ${at('2025-07-17 02:00:00')} WHERE segment = 'vip'`,
      );
      const before = await logOf(wh, 'x');
      await expect(
        syncDestination(wh, 'x', d, { asOf: '2025-07-16', now: at('2025-07-17 09:00:00') }),
      ).rejects.toThrow(new SegmentRemovedError('x', 'vip', '2025-07-16'));
      expect(await logOf(wh, 'x')).toEqual(before);
      expect(readdirSync(out)).toEqual(['x.vip.20250715-0001.csv']);
    }
  });
});

describe('consent-safe exports', () => {
  it('caps sends per person and channel across destinations', async () => {
    for (const engine of ENGINES) {
      const wh = await warehouse(engine, 'dest_caps');
      await addCustomers(wh, ['alice', 'bob']);
      await grantAll(wh, ['alice', 'bob'], 'sms');
      await grantAll(wh, ['alice', 'bob'], 'email');
      await setMembers(wh, 'vip', ['alice'], '2025-07-15');
      await setMembers(wh, 'lapsed', ['alice', 'bob'], '2025-07-15');
      const out = tempDir();
      const cap = { max: 1, perDays: 7 };
      const common = {
        type: 'file',
        format: 'csv',
        directory: out,
        purpose: 'marketing',
        frequencyCap: cap,
      } as const;
      const opts = { asOf: '2025-07-15', now: at('2025-07-16 09:00:00') };
      const a = await syncDestination(
        wh,
        'sms_vip',
        dest({ ...common, segment: 'vip', channel: 'sms' }),
        opts,
      );
      expect(a).toMatchObject({ adds: 1 });
      const smsLapsed = dest({ ...common, segment: 'lapsed', channel: 'sms' });
      const b = await syncDestination(wh, 'sms_lapsed', smsLapsed, opts);
      expect(b).toMatchObject({ adds: 1, capped: 1 });
      expect(lines(b.files[0]!).slice(1)).toEqual(['add,bob']);
      // Another channel has its own count.
      const c = await syncDestination(
        wh,
        'email_lapsed',
        dest({ ...common, segment: 'lapsed', channel: 'email' }),
        opts,
      );
      expect(c).toMatchObject({ adds: 2, capped: 0 });
      // Still capped the next day, and not logged again; after the window she goes out.
      await setMembers(wh, 'lapsed', ['alice', 'bob'], '2025-07-16');
      const d2 = await syncDestination(wh, 'sms_lapsed', smsLapsed, {
        asOf: '2025-07-16',
        now: at('2025-07-17 09:00:00'),
      });
      expect(d2).toMatchObject({ syncId: null, adds: 0, capped: 0 });
      await setMembers(wh, 'lapsed', ['alice', 'bob'], '2025-07-23');
      const d3 = await syncDestination(wh, 'sms_lapsed', smsLapsed, {
        asOf: '2025-07-23',
        now: at('2025-07-23 09:00:01'),
      });
      expect(d3).toMatchObject({ adds: 1, capped: 0 });
      expect(lines(d3.files[0]!).slice(1)).toEqual(['add,alice']);
      const capped = (await logOf(wh, 'sms_lapsed')).find((r) => r.status === 'capped');
      expect(capped).toMatchObject({ customer_id: 'alice', detail: '1 sent on sms in 7 days (cap 1)' });
    }
  });

  it('honours suppression files (any phone spelling, emails in any case) and tables, and removes the suppressed', async () => {
    for (const engine of ENGINES) {
      const wh = await warehouse(engine, 'dest_suppress');
      await addCustomers(wh, ['alice', 'bob', 'carol', 'dave', 'erin']);
      await grantAll(wh, ['alice', 'bob', 'carol', 'dave', 'erin']);
      await setMembers(wh, 'vip', ['alice', 'bob', 'carol', 'dave', 'erin'], '2025-07-15');
      const dir = tempDir();
      const list = join(dir, 'unsubscribed.csv');
      writeFileSync(list, 'value\n# complaints\n139 1000 0001\nCAROL@Example.com\n\n');
      await wh.exec('CREATE TABLE ops.test_blocklist (customer_id VARCHAR)');
      await wh.query(sql`INSERT INTO ops.test_blocklist VALUES ('dave')`);
      const d = dest({
        type: 'file',
        format: 'csv',
        directory: dir,
        segment: 'vip',
        purpose: 'marketing',
        channel: 'sms',
        suppressionLists: [list, { table: 'ops.test_blocklist', column: 'customer_id' }],
      });
      const first = await syncDestination(wh, 'sms', d, {
        asOf: '2025-07-15',
        now: at('2025-07-16 09:00:00'),
      });
      expect(first).toMatchObject({ adds: 2, suppressed: 3 });
      expect(lines(first.files[0]!).slice(1)).toEqual(['add,alice', 'add,erin']);
      // erin complains: she is taken off the receiver's list.
      writeFileSync(list, 'erin@example.com\n', { flag: 'a' });
      const second = await syncDestination(wh, 'sms', d, {
        asOf: '2025-07-15',
        now: at('2025-07-16 10:00:00'),
      });
      expect(second).toMatchObject({ adds: 0, removes: 1 });
      expect(lines(second.files[0]!).slice(1)).toEqual(['remove,erin']);
    }
  });

  it('holds out a stable share by customer and campaign, records it and never sends it', async () => {
    const ids = Array.from({ length: 400 }, (_, i) => `c${String(i).padStart(3, '0')}`);
    const expected = ids.filter((id) => isHeldOut(id, 'summer', 10));
    expect(expected.length).toBeGreaterThan(20);
    expect(expected.length).toBeLessThan(60);
    for (const engine of ENGINES) {
      const wh = await warehouse(engine, 'dest_holdout');
      await addCustomers(wh, ids);
      await grantAll(wh, ids);
      await setMembers(wh, 'vip', ids, '2025-07-15');
      const d = dest({
        type: 'file',
        format: 'ndjson',
        directory: tempDir(),
        segment: 'vip',
        purpose: 'marketing',
        channel: 'sms',
        holdout: { percent: 10, campaign: 'summer' },
      });
      const first = await syncDestination(wh, 'sms', d, {
        asOf: '2025-07-15',
        now: at('2025-07-16 09:00:00'),
      });
      expect(first).toMatchObject({ adds: ids.length - expected.length, heldOut: expected.length });
      const sent = lines(first.files[0]!).map((l) => (JSON.parse(l) as { customer_id: string }).customer_id);
      expect(sent.filter((id) => expected.includes(id))).toEqual([]);
      const held = async () =>
        (await logOf(wh, 'sms'))
          .filter((r) => r.status === 'held_out' && r.action === 'add')
          .map((r) => r.customer_id)
          .sort();
      expect(await held()).toEqual(expected);
      // Everyone leaves and comes back: the same people are held out again.
      await setMembers(wh, 'vip', [], '2025-07-16');
      await syncDestination(wh, 'sms', d, { asOf: '2025-07-16', now: at('2025-07-17 09:00:00') });
      await setMembers(wh, 'vip', ids, '2025-07-17');
      const third = await syncDestination(wh, 'sms', d, {
        asOf: '2025-07-17',
        now: at('2025-07-18 09:00:00'),
      });
      expect(third).toMatchObject({ adds: ids.length - expected.length, heldOut: expected.length });
      const { rows } = await wh.query<{ customer_id: string }>(sql`
        SELECT DISTINCT customer_id FROM ops.export_log
        WHERE destination = 'sms' AND status = 'held_out' AND action = 'add' ORDER BY customer_id`);
      expect(rows.map((r) => r.customer_id)).toEqual(expected);
    }
  });
});
