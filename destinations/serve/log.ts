import { randomBytes } from 'node:crypto';
import type { Queryable } from '../../warehouse/index.ts';
import type { PullDestination } from '../config.ts';
import { EXPORT_LOG_COLUMNS } from '../export-log.ts';

/** One person a page served (or withheld for the holdout), as ops.export_log records it. */
export interface Served {
  readonly customerId: string;
  readonly action: 'add' | 'remove';
  readonly status: 'sent' | 'held_out';
  readonly detail: string | null;
}

const LOG_COLUMNS = EXPORT_LOG_COLUMNS;

/**
 * A page's sync ID: `pull-<UTC time>-<random>`, unique per page so a person served by many pulls
 * has a row for each (the log's key is destination, sync_id, customer_id).
 */
export function pullSyncId(now: Date): string {
  const t = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `pull-${t}-${randomBytes(4).toString('hex')}`;
}

/** Records a page in ops.export_log with one load: a pull is delivered when it is answered. */
export async function logPage(
  tx: Queryable,
  name: string,
  dest: PullDestination,
  segment: string,
  served: readonly Served[],
  now: Date,
): Promise<string | null> {
  if (served.length === 0) return null;
  const syncId = pullSyncId(now);
  const campaign = dest.holdout?.campaign ?? null;
  await tx.load('ops.export_log', LOG_COLUMNS, [
    served.map((s) => [
      name,
      segment,
      syncId,
      s.status === 'sent' ? 1 : null,
      s.customerId,
      s.action,
      dest.channel,
      dest.purpose,
      campaign,
      s.status,
      s.detail,
      now,
    ]),
  ]);
  return syncId;
}
