import { createHash } from 'node:crypto';

/**
 * Whether a customer is in a campaign's control group: a hash of campaign and customer ID mapped
 * to [0, 100). It depends on nothing else, so the same people are held out on every run, on every
 * engine and in every destination that shares the campaign.
 */
export function isHeldOut(customerId: string, campaign: string, percent: number): boolean {
  if (percent <= 0) return false;
  const h = createHash('sha256').update(`${campaign}\u0000${customerId}`).digest();
  return (h.readUInt32BE(0) / 2 ** 32) * 100 < percent;
}
