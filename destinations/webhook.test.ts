import { afterAll, describe, expect, it } from 'vitest';
import { ENGINES, freshWarehouse, type Engine } from '../test/engines.ts';
import type { Warehouse } from '../warehouse/index.ts';
import { DestinationUnavailableError, syncDestination, type Fetch } from './index.ts';
import { addCustomers, at, dest, grantAll, logOf, setMembers, testServer } from './test-fixture.ts';

const open: Warehouse[] = [];
const servers: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const w of open) await w.close();
  for (const s of servers) await s.close();
});

const IDS = ['a1', 'a2', 'a3', 'a4', 'a5', 'bad', 'c1'];
async function seeded(engine: Engine, label: string): Promise<Warehouse> {
  const wh = await freshWarehouse(engine, label, 'Asia/Shanghai');
  open.push(wh);
  await addCustomers(wh, IDS);
  await grantAll(wh, IDS);
  await setMembers(wh, 'vip', IDS, '2025-07-15');
  return wh;
}
async function server(respond: Parameters<typeof testServer>[0]) {
  const s = await testServer(respond);
  servers.push(s);
  return s;
}
const hook = (url: string, extra: Record<string, unknown> = {}) =>
  dest({
    type: 'webhook',
    url,
    headers: { authorization: 'Bearer t0ken' },
    batchSize: 3,
    retries: 3,
    backoffMs: 5,
    timeoutMs: 2000,
    segment: 'vip',
    purpose: 'marketing',
    channel: 'sms',
    fields: ['phone'],
    ...extra,
  });
const OPTS = { asOf: '2025-07-15', now: at('2025-07-16 09:00:00') };
const ids = (rs: { customer_id: string }[]) => rs.map((r) => r.customer_id);

describe('webhook destinations', () => {
  it('posts batches with idempotency keys, retries 503s with backoff, and a rerun sends nothing', async () => {
    for (const engine of ENGINES) {
      const wh = await seeded(engine, 'hook_retry');
      // The first two calls fail; every later call succeeds.
      const s = await server((_r, n) => (n <= 2 ? 503 : 200));
      const report = await syncDestination(wh, 'hook', hook(s.url), OPTS);
      expect(report).toMatchObject({ syncId: '20250715-0001', adds: 7, rejected: 0 });
      expect(s.received.map((r) => r.key)).toEqual([
        'hook:20250715-0001:1',
        'hook:20250715-0001:1',
        'hook:20250715-0001:1',
        'hook:20250715-0001:2',
        'hook:20250715-0001:3',
      ]);
      expect(new Set(s.received.map((r) => r.auth))).toEqual(new Set(['Bearer t0ken']));
      expect(s.received.slice(2).flatMap((r) => ids(r.body.adds))).toEqual(IDS);
      expect(s.received[2]!.body.adds[0]).toEqual({ customer_id: 'a1', phone: '+8613910000000' });
      expect((await logOf(wh, 'hook')).every((r) => r.status === 'sent')).toBe(true);
      const rerun = await syncDestination(wh, 'hook', hook(s.url), {
        ...OPTS,
        now: at('2025-07-16 10:00:00'),
      });
      expect(rerun).toMatchObject({ syncId: null, adds: 0 });
      expect(s.received).toHaveLength(5);
    }
  });

  it('splits a rejected batch in halves until the bad record is alone, records it and does not retry it', async () => {
    for (const engine of ENGINES) {
      const wh = await seeded(engine, 'hook_split');
      const s = await server((r) => (r.body.adds.some((a) => a.customer_id === 'bad') ? 422 : 200));
      const report = await syncDestination(wh, 'hook', hook(s.url, { batchSize: 4 }), OPTS);
      expect(report).toMatchObject({ adds: 7, rejected: 1 });
      // Batch 2 = a5, bad, c1: halves [a5, bad] then [a5] [bad], and [c1].
      expect(s.received.map((r) => [r.key, ids(r.body.adds).join(' ')])).toEqual([
        ['hook:20250715-0001:1', 'a1 a2 a3 a4'],
        ['hook:20250715-0001:2', 'a5 bad c1'],
        ['hook:20250715-0001:2.1', 'a5 bad'],
        ['hook:20250715-0001:2.1.1', 'a5'],
        ['hook:20250715-0001:2.1.2', 'bad'],
        ['hook:20250715-0001:2.2', 'c1'],
      ]);
      const log = await logOf(wh, 'hook');
      expect(log.filter((r) => r.status !== 'sent')).toEqual([
        expect.objectContaining({
          customer_id: 'bad',
          status: 'rejected',
          detail: 'HTTP 422: {"error":"status 422"}',
        }),
      ]);
    }
  });

  it('keeps the idempotency keys of a sync that crashed mid-way and resends only its unsettled batches', async () => {
    for (const engine of ENGINES) {
      const wh = await seeded(engine, 'hook_crash');
      const s = await server(() => 200);
      let calls = 0;
      // The process "dies" right after the receiver accepted batch 2, before the log says so.
      const crashing: Fetch = async (input, init) => {
        const res = await fetch(input, init);
        if (++calls === 2) throw new Error('simulated crash');
        return res;
      };
      await expect(syncDestination(wh, 'hook', hook(s.url), { ...OPTS, fetch: crashing })).rejects.toThrow(
        'simulated crash',
      );
      expect((await logOf(wh, 'hook')).map((r) => `${r.customer_id}:${r.batch}:${r.status}`)).toEqual([
        'a1:1:sent',
        'a2:1:sent',
        'a3:1:sent',
        'a4:2:pending',
        'a5:2:pending',
        'bad:2:pending',
        'c1:3:pending',
      ]);
      const rerun = await syncDestination(wh, 'hook', hook(s.url), {
        ...OPTS,
        now: at('2025-07-16 09:05:00'),
      });
      expect(rerun).toMatchObject({ resumed: ['20250715-0001'], syncId: null, adds: 0 });
      expect(s.received.map((r) => r.key)).toEqual([
        'hook:20250715-0001:1',
        'hook:20250715-0001:2',
        'hook:20250715-0001:2',
        'hook:20250715-0001:3',
      ]);
      // The receiver sees batch 2 twice under one key and can drop the repeat.
      expect(s.received[2]!.body).toEqual(s.received[1]!.body);
      expect((await logOf(wh, 'hook')).every((r) => r.status === 'sent')).toBe(true);
    }
  });

  it('loses no delta when the receiver is down: the people go out on the next sync', async () => {
    for (const engine of ENGINES) {
      const wh = await seeded(engine, 'hook_down');
      let up = false;
      const s = await server(() => (up ? 200 : 503));
      const d = hook(s.url, { retries: 1, batchSize: 10 });
      await expect(syncDestination(wh, 'hook', d, OPTS)).rejects.toThrow(DestinationUnavailableError);
      expect(s.received).toHaveLength(2);
      expect(new Set((await logOf(wh, 'hook')).map((r) => r.status))).toEqual(new Set(['failed']));
      up = true;
      const next = await syncDestination(wh, 'hook', d, { ...OPTS, now: at('2025-07-16 10:00:00') });
      expect(next).toMatchObject({ syncId: '20250715-0002', adds: 7 });
      expect(ids(s.received[2]!.body.adds)).toEqual(IDS);
    }
  });

  it('retries network errors: a port with nobody listening', async () => {
    const wh = await seeded('duckdb', 'hook_refused');
    const s = await server(() => 200);
    const url = s.url;
    await s.close();
    servers.pop();
    await expect(syncDestination(wh, 'hook', hook(url, { retries: 2 }), OPTS)).rejects.toThrowError(
      /attempts failed, last: TypeError: fetch failed/,
    );
  });
});
