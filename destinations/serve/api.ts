import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Warehouse } from '../../warehouse/index.ts';
import type { Destinations, PullDestination } from '../config.ts';
import { isHeldOut } from '../holdout.ts';
import { loadSuppressions, type SuppressionSet } from '../suppression.ts';
import {
  changesCursor,
  deltaCursor,
  membersCursor,
  readDeltaCursor,
  readMembersCursor,
  readSince,
} from './cursor.ts';
import { PullRequestError } from './errors.ts';
import { logPage, type Served } from './log.ts';
import { OPENAPI } from './openapi.ts';
import { deltaChunk, memberChunk, segmentRuns, type PersonRow } from './queries.ts';
import { pullDestinations, tokenMatcher } from './tokens.ts';

/** One answered request, for the server's log. */
export interface PullRequestLog {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** The destination whose token the request bore; null when unauthenticated. */
  readonly destination: string | null;
  readonly ms: number;
  /** Members or changes in the answer. */
  readonly served?: number;
}

/** What the pull API serves from. */
export interface PullApiOptions {
  readonly wh: Warehouse;
  /** The configured destinations; only `type: 'pull'` ones are served. */
  readonly destinations: Destinations;
  /** Bearer token per pull destination name (see `pullTokens`). */
  readonly tokens: Readonly<Record<string, string>>;
  /** The wall clock: consent is read as of it and the log is stamped with it. */
  readonly now?: () => Date;
  readonly onRequest?: (r: PullRequestLog) => void;
  /** A fault of ours while answering (the client gets a 500 without details). */
  readonly onError?: (err: unknown) => void;
}

/** A listening pull API server. */
export interface PullServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** The pull API: a node:http request handler, and `serve` to listen with it. */
export interface PullApi {
  handle(req: IncomingMessage, res: ServerResponse): void;
  serve(opts: { port: number; host?: string }): Promise<PullServer>;
}

const DEFAULT_LIMIT = 1000;
const MAX_LIMIT = 10_000;

type Json = Record<string, unknown>;

/** Builds the pull API over a warehouse for the pull destinations of a config. */
export function createPullApi(opts: PullApiOptions): PullApi {
  const pulls = pullDestinations(opts.destinations);
  const match = tokenMatcher(Object.fromEntries(Object.entries(opts.tokens).filter(([n]) => pulls.has(n))));
  const now = opts.now ?? (() => new Date());

  async function answer(
    req: IncomingMessage,
    url: URL,
  ): Promise<{ body: Json; served?: number; who: string | null }> {
    if (req.method !== 'GET') throw new PullRequestError(405, 'method_not_allowed', 'only GET is served');
    if (url.pathname === '/v1/openapi.json') return { body: OPENAPI as unknown as Json, who: null };
    const who = match(req.headers.authorization);
    if (who === null) {
      throw new PullRequestError(
        401,
        'unauthorized',
        'send Authorization: Bearer <token>, with the token of a pull destination',
      );
    }
    const dest = pulls.get(who)!;
    if (url.pathname === '/v1/segments') return { body: await listSegments(who, dest), who };
    const m = /^\/v1\/segments\/([^/]+)\/members$/.exec(url.pathname);
    if (!m) throw new PullRequestError(404, 'not_found', `no endpoint ${url.pathname}; see /v1/openapi.json`);
    const segment = decodeURIComponent(m[1]!);
    if (!dest.segments.includes(segment)) {
      throw new PullRequestError(
        404,
        'unknown_segment',
        `no segment "${segment}" for this token; its segments: ${dest.segments.join(', ')}`,
      );
    }
    const runs = await segmentRuns(opts.wh, [segment]);
    const run = runs.get(segment);
    if (!run) {
      throw new PullRequestError(
        409,
        'not_materialised',
        `segment "${segment}" has not been materialised yet (run the segments job first)`,
      );
    }
    const q = url.searchParams;
    const limit = readLimit(q.get('limit'));
    const suppressed = await loadSuppressions(opts.wh, who, dest.suppressionLists);
    const since = q.get('since');
    const r =
      since === null
        ? await members(who, dest, segment, limit, q.get('cursor'), suppressed)
        : await changes(who, dest, segment, limit, readSince(since), q.get('cursor'), suppressed);
    return {
      body: { destination: who, segment, as_of: run.as_of, fields: dest.fields, ...r.body },
      served: r.served,
      who,
    };
  }

  async function listSegments(who: string, dest: PullDestination): Promise<Json> {
    const runs = await segmentRuns(opts.wh, dest.segments);
    return {
      destination: who,
      segments: dest.segments.map((name) => {
        const r = runs.get(name);
        return {
          name,
          as_of: r?.as_of ?? null,
          members: r?.members ?? null,
          updated_at: r?.updated_at.toISOString() ?? null,
        };
      }),
    };
  }

  const heldOut = (dest: PullDestination, id: string) =>
    dest.holdout !== undefined && isHeldOut(id, dest.holdout.campaign, dest.holdout.percent);
  const chunkSize = (dest: PullDestination, limit: number) =>
    limit + 1 + (dest.holdout ? Math.ceil((limit * dest.holdout.percent) / 100) + 8 : 0);
  const person = (dest: PullDestination, r: PersonRow): Json =>
    Object.fromEntries(
      dest.fields.map((f) => [f, r[f] === null || r[f] === undefined ? null : String(r[f])]),
    );

  async function members(
    who: string,
    dest: PullDestination,
    segment: string,
    limit: number,
    cursor: string | null,
    suppressed: SuppressionSet,
  ) {
    const at = now();
    const size = chunkSize(dest, limit);
    const picked: PersonRow[] = [];
    const held: string[] = [];
    let heldInPage = 0;
    let after = cursor === null ? '' : readMembersCursor(cursor);
    for (let full = true; full && picked.length <= limit;) {
      const rows = await memberChunk(opts.wh, dest, segment, at, after, size);
      full = rows.length === size;
      for (const r of rows) {
        after = r.customer_id;
        if (suppressed.has(r)) continue;
        if (heldOut(dest, r.customer_id)) {
          held.push(r.customer_id);
          continue;
        }
        picked.push(r);
        if (picked.length === limit) heldInPage = held.length;
        if (picked.length > limit) break;
      }
    }
    const more = picked.length > limit;
    const page = picked.slice(0, limit);
    // Held-out people the page passed over are recorded (segment lift needs their exposure), never served.
    const heldLogged = more ? held.slice(0, heldInPage) : held;
    await logPage(
      opts.wh,
      who,
      dest,
      segment,
      [
        ...page.map((r): Served => ({
          customerId: r.customer_id,
          action: 'add',
          status: 'sent',
          detail: null,
        })),
        ...heldLogged.map((id): Served => ({
          customerId: id,
          action: 'add',
          status: 'held_out',
          detail: null,
        })),
      ],
      at,
    );
    return {
      served: page.length,
      body: {
        members: page.map((r) => person(dest, r)),
        next_cursor: more ? membersCursor(page.at(-1)!.customer_id) : null,
        changes_cursor: changesCursor(at),
      },
    };
  }

  async function changes(
    who: string,
    dest: PullDestination,
    segment: string,
    limit: number,
    since: Date,
    cursor: string | null,
    suppressed: SuppressionSet,
  ) {
    const at = now();
    const window = cursor === null ? { until: at, after: '' } : readDeltaCursor(cursor, since);
    const until = window.until;
    const size = chunkSize(dest, limit);
    const picked: (Served & { row: PersonRow })[] = [];
    let after = window.after;
    for (let full = true; full && picked.length <= limit;) {
      const rows = await deltaChunk(opts.wh, dest, segment, since, until, after, size);
      full = rows.length === size;
      for (const r of rows) {
        after = r.customer_id;
        // Held-out people are never served, so they have nothing to add or remove.
        if (heldOut(dest, r.customer_id)) continue;
        const was = r.was_member && r.was_consented;
        const is = r.is_member && r.is_consented && !suppressed.has(r);
        if (is && !was)
          picked.push({ customerId: r.customer_id, action: 'add', status: 'sent', detail: null, row: r });
        else if (was && !is) {
          const why = !r.is_member ? 'left_segment' : !r.is_consented ? 'no_consent' : 'suppressed';
          picked.push({ customerId: r.customer_id, action: 'remove', status: 'sent', detail: why, row: r });
        }
        if (picked.length > limit) break;
      }
    }
    const more = picked.length > limit;
    const page = picked.slice(0, limit);
    await logPage(opts.wh, who, dest, segment, page, at);
    return {
      served: page.length,
      body: {
        since: since.toISOString(),
        until: until.toISOString(),
        changes: page.map((p) => ({ action: p.action, reason: p.detail, ...person(dest, p.row) })),
        next_cursor: more ? deltaCursor(since, until, page.at(-1)!.customerId) : null,
        changes_cursor: more ? null : changesCursor(until),
      },
    };
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (status: number, body: Json, who: string | null, served?: number) => {
      const extra: Record<string, string> =
        status === 401 ? { 'www-authenticate': 'Bearer realm="cdp"' } : {};
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
        ...extra,
      });
      res.end(JSON.stringify(body));
      opts.onRequest?.({
        method: req.method ?? 'GET',
        path: url.pathname,
        status,
        destination: who,
        ms: Math.round(performance.now() - started),
        ...(served === undefined ? {} : { served }),
      });
    };
    answer(req, url).then(
      (r) => send(200, r.body, r.who, r.served),
      (err: unknown) => {
        if (err instanceof PullRequestError) {
          send(err.status, { error: err.code, message: err.message }, match(req.headers.authorization));
          return;
        }
        opts.onError?.(err);
        send(500, { error: 'internal', message: 'the server failed to answer; see its log' }, null);
      },
    );
  }

  return {
    handle,
    async serve({ port, host = '127.0.0.1' }) {
      const server = createServer(handle);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const bound = (server.address() as AddressInfo).port;
      return {
        url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
        port: bound,
        close: () =>
          new Promise<void>((resolve, reject) => {
            server.close((err) => (err ? reject(err) : resolve()));
            server.closeAllConnections();
          }),
      };
    },
  };
}

function readLimit(value: string | null): number {
  if (value === null) return DEFAULT_LIMIT;
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) {
    throw new PullRequestError(400, 'bad_limit', `limit must be a whole number from 1 to ${MAX_LIMIT}`);
  }
  return n;
}
