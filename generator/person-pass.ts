// Pass 1, person by person: builds each hidden person once and writes every feed whose rows belong to a
// person rather than to a day (member masters, mini-program, FHIR, CRM contacts and leads, consents).
// It also counts planned events per day, which sizes the day pass's buckets exactly.

import { addBuyerGroundTruth } from './feed-ecommerce.ts';
import { ConsentFeed } from './feed-consents.ts';
import { CrmPeopleFeed } from './feed-crm.ts';
import { HisFeed } from './feed-his.ts';
import { MiniProgramFeed } from './feed-miniprogram.ts';
import { PosMemberFeed } from './feed-pos.ts';
import { planPerson } from './lifecycle.ts';
import type { GenerateProgress } from './options.ts';
import { makePerson } from './person.ts';
import { personCore } from './population.ts';
import type { World } from './world.ts';

/** Writes the person-shaped feeds; returns the number of planned events per window day. */
export async function personPass(
  world: World,
  onProgress?: (p: GenerateProgress) => void,
): Promise<Uint32Array> {
  const { ctx, counts } = world;
  const pos = PosMemberFeed.open(world);
  const mini = MiniProgramFeed.open(world);
  const his = HisFeed.open(world);
  const crm = CrmPeopleFeed.open(world);
  const consents = ConsentFeed.open(world);
  const feeds = [pos, mini, his, crm, consents];
  const perDay = new Uint32Array(ctx.cal.days);
  for (let i = 0; i < ctx.n; i++) {
    const core = personCore(ctx, i);
    const plan = planPerson(ctx, core);
    const p = makePerson(ctx, core);
    pos.onPerson(p);
    mini.onPerson(p);
    his.onPerson(p);
    crm.onPerson(p);
    consents.onPerson(p, plan);
    addBuyerGroundTruth(world, p, plan);
    for (const ev of plan) perDay[ev.day] = (perDay[ev.day] as number) + 1;
    counts.add('population', 'persons');
    if (core.householdHead >= 0) counts.add('population', 'household_members_sharing_phone');
    if (core.twoPhones) counts.add('population', 'persons_with_two_phones');
    if (core.moveDay >= 0) counts.add('population', 'persons_moved');
    if (core.style !== 'chinese') counts.add('population', `name_style_${core.style}`);
    if ((i & 255) === 255 || i === ctx.n - 1) {
      for (const f of feeds) await f.drain();
      await world.gt.drain();
      if ((i & 4095) === 4095 || i === ctx.n - 1)
        onProgress?.({ phase: 'persons', done: i + 1, total: ctx.n });
    }
  }
  for (const f of feeds) await f.close();
  return perDay;
}
