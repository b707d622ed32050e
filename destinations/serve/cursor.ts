import { PullRequestError } from './errors.ts';

const enc = (s: string): string => Buffer.from(s, 'utf8').toString('base64url');
const dec = (s: string): string | null => {
  if (!/^[A-Za-z0-9_-]+$/.test(s)) return null;
  return Buffer.from(s, 'base64url').toString('utf8');
};

/** A members page cursor: the last customer ID served, base64url. */
export const membersCursor = (customerId: string): string => enc(customerId);

/** The customer ID a members cursor holds; 400 when it is not one of ours. */
export function readMembersCursor(cursor: string): string {
  const id = dec(cursor);
  if (id === null || id === '' || id.startsWith('{')) {
    throw new PullRequestError(
      400,
      'bad_cursor',
      'cursor is not a members cursor: pass next_cursor of the previous page as is',
    );
  }
  return id;
}

/** A changes cursor: the time a pull saw the data as of; pass it as `since` to get what changed after. */
export const changesCursor = (at: Date): string => enc(JSON.stringify({ t: at.toISOString() }));

/** A deltas page cursor: the window (since, until] and the last customer ID served. */
export const deltaCursor = (since: Date, until: Date, customerId: string): string =>
  enc(JSON.stringify({ s: since.toISOString(), u: until.toISOString(), k: customerId }));

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

function json(s: string): Record<string, unknown> | null {
  const text = dec(s);
  if (text === null || !text.startsWith('{')) return null;
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function time(v: unknown): Date | null {
  if (typeof v !== 'string') return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** `since`: an ISO timestamp with a zone, or a changes cursor. */
export function readSince(since: string): Date {
  if (ISO.test(since)) {
    const d = time(since);
    if (d) return d;
  }
  const t = time(json(since)?.t);
  if (t) return t;
  throw new PullRequestError(
    400,
    'bad_since',
    'since must be an ISO timestamp with a zone (2025-07-16T09:00:00+08:00) or the changes_cursor of an earlier pull',
  );
}

/** The window and position a deltas cursor holds; it must belong to the same `since`. */
export function readDeltaCursor(cursor: string, since: Date): { until: Date; after: string } {
  const v = json(cursor);
  const s = time(v?.s);
  const u = time(v?.u);
  if (!v || !s || !u || typeof v.k !== 'string') {
    throw new PullRequestError(
      400,
      'bad_cursor',
      'cursor is not a changes page cursor: pass next_cursor of the previous page as is, with the same since',
    );
  }
  if (s.getTime() !== since.getTime()) {
    throw new PullRequestError(
      400,
      'bad_cursor',
      'cursor belongs to another since: pass the since of the first page with every page',
    );
  }
  return { until: u, after: v.k };
}
