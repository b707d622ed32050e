// Each person's timeline of purchases and support contacts, BG/NBD style: purchases arrive as a
// Poisson process with a person-specific rate (gamma across persons) modulated by the season through
// thinning, and after every purchase the person drops out for good with a person-specific probability
// (beta across persons). The plan is numbers only, so it is cheap to recompute in every pass.

import type { GenContext } from './context.ts';
import type { PersonCore } from './population.ts';
import { rngFor } from './random.ts';
import { ecomSecond, officeSecond, posSecond } from './seasonality.ts';
import { STREAM } from './streams.ts';

export const KIND_POS = 0;
export const KIND_ECOM = 1;
export const KIND_TICKET = 2;
/** Events of one kind per person are capped so an ordinal fits in 8 bits of the packed sort key. */
export const MAX_PER_KIND = 255;

export interface PlannedEvent {
  day: number;
  second: number;
  kind: number;
  /** Ordinal of the event among the person's events of the same kind (seeds its details). */
  ord: number;
}

/** The person's events inside the window, in time order per kind. */
export function planPerson(ctx: GenContext, core: PersonCore): PlannedEvent[] {
  const rng = rngFor(ctx.seed, STREAM.plan, core.index);
  const { pos, ecom, posMax, ecomMax, peak } = ctx.season;
  const days = ctx.cal.days;
  const events: PlannedEvent[] = [];
  const ords = [0, 0, 0];
  const push = (day: number, second: number, kind: number): void => {
    const ord = ords[kind] as number;
    if (ord >= MAX_PER_KIND) return;
    ords[kind] = ord + 1;
    events.push({ day, second, kind, ord });
  };
  const share = core.posShare;
  const buys = core.pos || core.ecom;
  if (buys) {
    const bound = share * posMax + (1 - share) * ecomMax;
    let t = core.acqDay + 0.5;
    let first = true;
    for (;;) {
      const day = Math.floor(t);
      if (day >= days) break;
      const wPos = share * (pos[day] as number);
      const wEcom = (1 - share) * (ecom[day] as number);
      if (first || rng.float() * bound < wPos + wEcom) {
        const inStore = rng.float() * (wPos + wEcom) < wPos;
        const second = inStore ? posSecond(rng) : ecomSecond(rng, peak[day] === 1);
        push(day, second, inStore ? KIND_POS : KIND_ECOM);
        first = false;
        if (rng.chance(core.dropP)) break;
      }
      t += rng.exponential(core.lambda * bound);
    }
  }
  const activeDays = days - core.acqDay;
  const tickets = rng.poisson((core.ticketRate * activeDays) / 365);
  for (let k = 0; k < tickets; k++) push(core.acqDay + rng.int(activeDays), officeSecond(rng), KIND_TICKET);
  return events;
}
