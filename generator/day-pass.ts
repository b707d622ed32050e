// Pass 2, day by day: the time-shaped feeds (POS daily files, monthly orders and refunds, daily WMS
// pulls, tickets). Timelines are recomputed from (seed, person) rather than stored, and only the events
// of a block of days are held at once, as packed Float64 sort keys (second | person | kind | ordinal),
// bucketed per day by the counts from pass 1. Blocks are sized to EVENT_BUDGET, so memory stays
// bounded for any population; each extra block costs one more cheap replanning sweep.

import { EcommerceFeed } from './feed-ecommerce.ts';
import { PosDayFeed } from './feed-pos.ts';
import { TicketFeed } from './feed-tickets.ts';
import { WmsFeed } from './feed-wms.ts';
import type { PlannedEvent } from './lifecycle.ts';
import { KIND_ECOM, KIND_POS, planPerson } from './lifecycle.ts';
import type { GenerateProgress } from './options.ts';
import { personCore } from './population.ts';
import type { World } from './world.ts';

const EVENT_BUDGET = 4_000_000;
const SECOND_SHIFT = 2 ** 36;
const PERSON_SHIFT = 2 ** 10;

function blockEnd(perDay: Uint32Array, start: number): number {
  let end = start;
  let total = 0;
  while (end < perDay.length && (end === start || total + (perDay[end] as number) <= EVENT_BUDGET)) {
    total += perDay[end] as number;
    end++;
  }
  return end;
}

// Every planned event of days [start, end) as sort keys, bucketed by day (offsets[d - start]...).
function collectBlock(world: World, perDay: Uint32Array, start: number, end: number) {
  const { ctx } = world;
  const offsets = new Uint32Array(end - start + 1);
  for (let d = start; d < end; d++)
    offsets[d - start + 1] = (offsets[d - start] as number) + (perDay[d] as number);
  const keys = new Float64Array(offsets[end - start] as number);
  const fill = offsets.slice(0, end - start);
  for (let i = 0; i < ctx.n; i++) {
    for (const ev of planPerson(ctx, personCore(ctx, i))) {
      if (ev.day < start || ev.day >= end) continue;
      const slot = ev.day - start;
      const at = fill[slot] as number;
      fill[slot] = at + 1;
      keys[at] = ev.second * SECOND_SHIFT + i * PERSON_SHIFT + ev.kind * 256 + ev.ord;
    }
  }
  return { keys, offsets };
}

/** Writes the day-shaped feeds. */
export async function dayPass(
  world: World,
  perDay: Uint32Array,
  onProgress?: (p: GenerateProgress) => void,
): Promise<void> {
  const { ctx, people } = world;
  const days = ctx.cal.days;
  const pos = new PosDayFeed(world);
  const wms = new WmsFeed(world);
  const tickets = TicketFeed.open(world);
  const ecom = new EcommerceFeed(world, wms, tickets);
  for (let start = 0; start < days;) {
    const end = blockEnd(perDay, start);
    const { keys, offsets } = collectBlock(world, perDay, start, end);
    for (let day = start; day < end; day++) {
      await ecom.startDay(day);
      const bucket = keys.subarray(offsets[day - start], offsets[day - start + 1]).sort();
      for (const key of bucket) {
        const second = Math.floor(key / SECOND_SHIFT);
        const rest = key - second * SECOND_SHIFT;
        const person = Math.floor(rest / PERSON_SHIFT);
        const code = rest - person * PERSON_SHIFT;
        const ev: PlannedEvent = { day, second, kind: code >> 8, ord: code & 255 };
        const p = people.get(person);
        if (ev.kind === KIND_POS) pos.addMemberReceipt(p, ev);
        else if (ev.kind === KIND_ECOM) ecom.addOrder(p, ev);
        else tickets.addPlanned(p, ev);
      }
      wms.addAccountShipments(day);
      pos.finishDay(day);
      wms.finishDay(day);
      await ecom.finishDay(day);
      await tickets.finishDay(day);
      await world.gt.drain();
      await world.output.settle();
      onProgress?.({ phase: 'days', done: day + 1, total: days });
    }
    start = end;
  }
  await ecom.close();
  await tickets.close();
}
