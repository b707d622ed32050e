import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SmallRun } from './test-support.ts';
import { filesMatching, readCsv, readNdjson, smallRun } from './test-support.ts';

/** Every customer-identifying record key, derived from the feeds as CONTEXT.md documents. */
async function keysFromFeeds(run: SmallRun): Promise<string[]> {
  const keys: string[] = [];
  const csv = async (re: RegExp, each: (r: Record<string, string>) => void) => {
    for (const f of filesMatching(run, re)) for (const r of await readCsv(run, f)) each(r);
  };
  const ndjson = async (re: RegExp, each: (r: Record<string, unknown>) => void) => {
    for (const f of filesMatching(run, re)) for (const r of await readNdjson(run, f)) if (r) each(r);
  };
  await csv(/^pos\/members\.csv$/, (r) => keys.push(`pos_member:${r.member_card_no}`));
  const receipts = new Set<string>();
  await csv(/^pos\/[A-Z]{2}\d{2}\//, (r) => {
    if (r.member_card_no || r.member_phone) receipts.add(`pos_receipt:${r.store_code}:${r.receipt_no}`);
  });
  keys.push(...receipts);
  const buyers = new Set<string>();
  await ndjson(/^ecommerce\/orders-/, (r) => {
    keys.push(`ecommerce_receiver:${String(r.order_id)}`);
    buyers.add(`ecommerce_buyer:${String((r.buyer as { platform_user_id: string }).platform_user_id)}`);
  });
  keys.push(...buyers);
  await ndjson(/^miniprogram\//, (r) => keys.push(`miniprogram:${String(r.open_id)}`));
  await ndjson(/^his\/Patient/, (r) => keys.push(`his_patient:${String(r.id)}`));
  const shipments = new Set<string>();
  await csv(/^wms\/shipments-/, (r) => shipments.add(`wms_shipment:${r.shipment_no}`));
  keys.push(...shipments);
  await csv(/^tickets\/tickets\.csv$/, (r) => keys.push(`ticket_customer:${r.ticket_id}`));
  await csv(/^crm\/contacts\.csv$/, (r) => keys.push(`crm_contact:${r.contact_id}`));
  await csv(/^crm\/leads\.csv$/, (r) => keys.push(`crm_lead:${r.lead_id}`));
  await ndjson(/^consents\//, (r) => keys.push(`consent_event:${String(r.event_id)}`));
  return keys;
}

describe('ground truth', () => {
  let run: SmallRun;
  let truth: Record<string, string>[];
  beforeAll(async () => {
    run = await smallRun({ customers: 400, seed: 11 });
    truth = await readCsv(run, filesMatching(run, /^ground_truth\.csv$/)[0]!);
  });
  afterAll(() => run.cleanup());

  it('has exactly one row per customer-identifying record key in the feeds', async () => {
    const fromFeeds = await keysFromFeeds(run);
    const truthKeys = truth.map((r) => r.source_record_key);
    expect(new Set(truthKeys).size).toBe(truthKeys.length);
    expect(new Set(fromFeeds).size).toBe(fromFeeds.length);
    expect([...truthKeys].sort()).toEqual([...fromFeeds].sort());
  });

  it('has no key for a shipment created after the window (it is in no daily pull)', async () => {
    // Seed 7 over 60 days creates shipments on the window's last evening that ship after it.
    const late = await smallRun({ customers: 300, seed: 7, days: 60 });
    try {
      const lateTruth = await readCsv(late, filesMatching(late, /^ground_truth\.csv$/)[0]!);
      const fromFeeds = new Set(await keysFromFeeds(late));
      expect(lateTruth.map((r) => r.source_record_key).filter((k) => !fromFeeds.has(k ?? ''))).toEqual([]);
    } finally {
      await late.cleanup();
    }
  });

  it('maps every key to a real person, under the key prefixes documented per feed', () => {
    const prefixes: Record<string, string[]> = {
      pos: ['pos_member', 'pos_receipt'],
      ecommerce: ['ecommerce_buyer', 'ecommerce_receiver'],
      miniprogram: ['miniprogram'],
      his: ['his_patient'],
      wms: ['wms_shipment'],
      tickets: ['ticket_customer'],
      crm: ['crm_contact', 'crm_lead'],
      consents: ['consent_event'],
    };
    for (const r of truth) {
      expect(r.person_id).toMatch(/^P\d{6}$/);
      expect(Number(r.person_id?.slice(1))).toBeLessThanOrEqual(400);
      expect(prefixes[r.feed ?? '']).toContain(r.source_record_key?.split(':')[0]);
    }
    expect(new Set(truth.map((r) => r.feed)).size).toBe(Object.keys(prefixes).length);
  });

  it('agrees with the manifest counts', () => {
    const perFeed = new Map<string, number>();
    for (const r of truth) perFeed.set(r.feed ?? '', (perFeed.get(r.feed ?? '') ?? 0) + 1);
    for (const [feed, n] of perFeed) expect(run.manifest.counts[feed]?.ground_truth_keys).toBe(n);
  });

  it('contains the hard cases: one person behind several records of one source', () => {
    const byPerson = new Map<string, number>();
    for (const r of truth)
      if (r.feed === 'pos' && r.source_record_key?.startsWith('pos_member:'))
        byPerson.set(r.person_id ?? '', (byPerson.get(r.person_id ?? '') ?? 0) + 1);
    const persons = [...byPerson.values()];
    expect(persons.length).toBeGreaterThan(50);
    expect(Math.max(...persons)).toBeLessThanOrEqual(2);
  });
});
