import { afterAll, describe, expect, it } from 'vitest';
import { ENGINES, freshWarehouse } from '../../test/engines.ts';
import { sql, type Warehouse } from '../../warehouse/index.ts';
import { DestinationsSchema, isHeldOut } from '../index.ts';
import { addCustomers, at, consent, grantAll, setMembers } from '../test-fixture.ts';
import { createPullApi, type PullServer } from './api.ts';

const open: (Warehouse | PullServer)[] = [];
afterAll(async () => {
  for (const o of open.reverse()) await o.close();
});

const ids = (n: number, from = 1) =>
  Array.from({ length: n }, (_, i) => `c${String(from + i).padStart(2, '0')}`);
const CAMPAIGN = 'pull_spring';
const destinations = DestinationsSchema.parse({
  crm: {
    type: 'pull',
    segments: ['vip'],
    tokenEnv: 'CRM_TOKEN',
    purpose: 'marketing',
    channel: 'sms',
    fields: ['email'],
    holdout: { percent: 25, campaign: CAMPAIGN },
  },
  other: {
    type: 'pull',
    segments: ['lapsed'],
    tokenEnv: 'OTHER_TOKEN',
    purpose: 'marketing',
    channel: 'sms',
  },
});
const tokens = { crm: 'crm-secret', other: 'other-secret' };

/** Entries into and exits from a segment, as a segments run records them. */
async function changes(
  wh: Warehouse,
  segment: string,
  list: [string, 'entered' | 'exited'][],
  asOf: string,
  when: Date,
) {
  await wh.load(
    'marts.segment_changes',
    [
      { name: 'segment', type: 'text' },
      { name: 'customer_id', type: 'text' },
      { name: 'as_of', type: 'date' },
      { name: 'change', type: 'text' },
      { name: 'changed_at', type: 'timestamptz' },
    ],
    [list.map(([id, change]) => [segment, id, asOf, change, when])],
  );
}

interface Page {
  members?: { customer_id: string; email: string | null }[];
  changes?: { customer_id: string; action: string; reason: string | null }[];
  next_cursor: string | null;
  changes_cursor: string | null;
}

describe('pull API', () => {
  it('serves consenting, not held-out members page by page, deltas since a pull, and logs every page', async () => {
    for (const engine of ENGINES) {
      const wh = await freshWarehouse(engine, 'pull_api', 'Asia/Shanghai');
      open.push(wh);
      await addCustomers(wh, ids(14));
      await grantAll(
        wh,
        ids(14).filter((id) => id !== 'c05'),
      );
      await consent(wh, 'c02', 'withdrawn', at('2025-07-10 08:00:00'));
      await setMembers(wh, 'vip', ids(12), '2025-07-15');
      await changes(
        wh,
        'vip',
        ids(12).map((id) => [id, 'entered']),
        '2025-07-15',
        at('2025-07-16 02:00:00'),
      );

      let clock = at('2025-07-16 09:00:00');
      const server = await createPullApi({ wh, destinations, tokens, now: () => clock }).serve({ port: 0 });
      open.push(server);
      const get = async (path: string, token: string | null = tokens.crm) => {
        const res = await fetch(
          server.url + path,
          token ? { headers: { authorization: `Bearer ${token}` } } : {},
        );
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      };

      // Auth: no token, a wrong token, and another destination's segment.
      expect(await get('/v1/segments', null)).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
      expect((await get('/v1/segments', 'nope')).status).toBe(401);
      expect(await get('/v1/segments/vip/members', tokens.other)).toMatchObject({
        status: 404,
        body: { error: 'unknown_segment' },
      });
      expect(await get('/v1/segments/nope/members')).toMatchObject({ status: 404 });
      expect(await get('/v1/segments/vip/members?limit=0')).toMatchObject({
        status: 400,
        body: { error: 'bad_limit' },
      });
      expect(await get('/v1/segments/vip/members?since=yesterday')).toMatchObject({
        status: 400,
        body: { error: 'bad_since' },
      });
      expect(await get('/v1/segments/vip/members?cursor=***')).toMatchObject({ status: 400 });
      expect(await get('/v1/segments/lapsed/members', tokens.other)).toMatchObject({
        status: 409,
        body: { error: 'not_materialised' },
      });
      expect((await get('/v1/segments')).body).toEqual({
        destination: 'crm',
        segments: [
          {
            name: 'vip',
            as_of: '2025-07-15',
            members: 12,
            updated_at: at('2025-07-16 09:00:00').toISOString(),
          },
        ],
      });

      // Every eligible member exactly once, across pages of 2.
      const held = ids(12).filter((id) => isHeldOut(id, CAMPAIGN, 25));
      expect(held.length).toBeGreaterThan(0);
      const eligible = ids(12).filter((id) => !['c02', 'c05'].includes(id) && !held.includes(id));
      const served: string[] = [];
      let first: Page | undefined;
      for (let cursor: string | null = null, n = 0; n < 20; n++) {
        const r = await get(`/v1/segments/vip/members?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(r.status).toBe(200);
        const page = r.body as unknown as Page;
        first ??= page;
        served.push(...page.members!.map((m) => m.customer_id));
        expect(page.members!.every((m) => m.email === `${m.customer_id}@example.com`)).toBe(true);
        cursor = page.next_cursor;
        if (cursor === null) break;
      }
      expect(served).toEqual(eligible);

      const logged = async (status: string) => {
        const { rows } = await wh.query<{ customer_id: string; action: string; detail: string | null }>(sql`
          SELECT customer_id, action, detail FROM ops.export_log
          WHERE destination = 'crm' AND status = ${status} ORDER BY customer_id, logged_at`);
        return rows;
      };
      expect((await logged('sent')).map((r) => r.customer_id)).toEqual(eligible);
      expect((await logged('held_out')).map((r) => r.customer_id)).toEqual(held);
      const { rows: pages } = await wh.query<{ n: number }>(
        sql`SELECT count(DISTINCT sync_id) AS n FROM ops.export_log WHERE destination = 'crm'`,
      );
      expect(Number(pages[0]!.n)).toBe(Math.ceil(eligible.length / 2));

      // A day later: c13 (held out) and c14 enter, the first eligible member leaves, the second withdraws, a held-out one leaves.
      const [leaver, withdrawer] = eligible as [string, string];
      const heldLeaver = held[0]!;
      expect([isHeldOut('c13', CAMPAIGN, 25), isHeldOut('c14', CAMPAIGN, 25)]).toEqual([true, false]);
      const now = ids(14).filter((id) => id !== leaver && id !== heldLeaver);
      await setMembers(wh, 'vip', now, '2025-07-16');
      await changes(
        wh,
        'vip',
        [
          ['c13', 'entered'],
          ['c14', 'entered'],
          [leaver, 'exited'],
          [heldLeaver, 'exited'],
        ],
        '2025-07-16',
        at('2025-07-17 02:00:00'),
      );
      await consent(wh, withdrawer, 'withdrawn', at('2025-07-17 08:00:00'));
      clock = at('2025-07-17 09:00:00');

      const deltas: { customer_id: string; action: string; reason: string | null }[] = [];
      const since = first!.changes_cursor!;
      let last: Page | undefined;
      for (let cursor: string | null = null, n = 0; n < 10; n++) {
        const r = await get(
          `/v1/segments/vip/members?limit=1&since=${since}${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        last = r.body as unknown as Page;
        deltas.push(
          ...last.changes!.map(({ customer_id, action, reason }) => ({ customer_id, action, reason })),
        );
        cursor = last.next_cursor;
        if (cursor === null) break;
      }
      expect(deltas).toEqual(
        [
          { customer_id: 'c14', action: 'add', reason: null },
          { customer_id: leaver, action: 'remove', reason: 'left_segment' },
          { customer_id: withdrawer, action: 'remove', reason: 'no_consent' },
        ].sort((a, b) => (a.customer_id < b.customer_id ? -1 : 1)),
      );
      expect(last!.changes_cursor).not.toBeNull();
      expect(await logged('sent')).toEqual(
        expect.arrayContaining([
          { customer_id: leaver, action: 'remove', detail: 'left_segment' },
          { customer_id: withdrawer, action: 'remove', detail: 'no_consent' },
        ]),
      );

      // An ISO timestamp works as since; nothing changed after the last delta.
      const iso = encodeURIComponent('2025-07-16T12:00:00+08:00');
      const byTime = await get(`/v1/segments/vip/members?since=${iso}`);
      expect((byTime.body as unknown as Page).changes!.map((c) => c.customer_id)).toEqual(
        deltas.map((d) => d.customer_id),
      );
      const after = await get(`/v1/segments/vip/members?since=${last!.changes_cursor!}`);
      expect(after.body).toMatchObject({ changes: [], next_cursor: null });

      // The full list now matches the deltas applied to the first pull.
      const full = (await get('/v1/segments/vip/members')).body as unknown as Page;
      expect(full.members!.map((m) => m.customer_id)).toEqual(
        [...eligible.filter((id) => id !== leaver && id !== withdrawer), 'c14'].sort(),
      );
    }
  });

  it('describes itself in OpenAPI 3.1, without a token', async () => {
    const wh = await freshWarehouse('duckdb', 'pull_openapi');
    open.push(wh);
    const server = await createPullApi({ wh, destinations, tokens }).serve({ port: 0 });
    open.push(server);
    const res = await fetch(`${server.url}/v1/openapi.json`);
    expect(res.status).toBe(200);
    const doc = JSON.parse(await res.text()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual([
      '/v1/segments',
      '/v1/segments/{name}/members',
      '/v1/openapi.json',
    ]);
  });
});
