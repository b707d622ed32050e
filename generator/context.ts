// Everything a feed needs to know about the world besides the persons themselves. Built once per run.

import type { Account } from './crm-accounts.ts';
import { buildAccounts } from './crm-accounts.ts';
import { Calendar } from './calendar.ts';
import type { GenerateOptions } from './options.ts';
import { Weighted } from './random.ts';
import type { Seasonality } from './seasonality.ts';
import { buildSeasonality } from './seasonality.ts';

export interface GenContext {
  seed: number;
  /** Number of hidden persons. */
  n: number;
  cal: Calendar;
  season: Seasonality;
  accounts: Account[];
  /** Contacts are assigned to accounts in proportion to their size. */
  accountTable: Weighted<number>;
  /** Share of persons who are a B2B contact, so that accounts average ~3.5 contacts. */
  b2bRate: number;
  /** Width of the zero-padded true person id (P000001 ...). */
  idWidth: number;
}

/** Builds the shared context from validated options. */
export function buildContext(opts: GenerateOptions): GenContext {
  const cal = new Calendar(opts.start, opts.days);
  const accounts = buildAccounts(opts.seed, opts.customers, cal);
  const accountTable = new Weighted(
    accounts.map((a) => [a.index, a.contracted ? 2 + Math.sqrt(a.seats) : 5] as const),
  );
  return {
    seed: opts.seed,
    n: opts.customers,
    cal,
    season: buildSeasonality(cal),
    accounts,
    accountTable,
    b2bRate: Math.min(0.25, (accounts.length * 3.5) / opts.customers),
    idWidth: Math.max(6, String(opts.customers).length),
  };
}

/** The true id of person i: P000001 for i = 0. */
export function personId(ctx: GenContext, i: number): string {
  return `P${String(i + 1).padStart(ctx.idWidth, '0')}`;
}
