import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql, type Warehouse } from '../warehouse/index.ts';
import { DestinationSchema, type Destination, type DestinationInput } from './config.ts';

// Hand-made rows, the same on both engines. Local times are Asia/Shanghai, the warehouse's zone.
export const at = (local: string): Date => new Date(`${local}+08:00`);
export const T0 = at('2025-07-16 09:00:00');

/** Adds customers with a phone and email derived from the ID. */
export async function addCustomers(wh: Warehouse, ids: readonly string[]): Promise<void> {
  const rows = ids.map((id, i) => [
    id,
    `Name ${id}`,
    `+86139${String(10_000_000 + i).slice(-8)}`,
    `${id}@example.com`,
    T0,
    T0,
  ]);
  await wh.load(
    'core.customers',
    [
      { name: 'customer_id', type: 'text' },
      { name: 'full_name', type: 'text' },
      { name: 'phone', type: 'text' },
      { name: 'email', type: 'text' },
      { name: 'created_at', type: 'timestamptz' },
      { name: 'updated_at', type: 'timestamptz' },
    ],
    [rows],
  );
}

let consentSeq = 0;
/** One consent event for marketing by default. */
export async function consent(
  wh: Warehouse,
  customerId: string,
  status: 'granted' | 'withdrawn',
  when: Date,
  channel = 'sms',
  purpose = 'marketing',
): Promise<void> {
  await wh.query(sql`INSERT INTO core.consents (source, consent_id, customer_id, purpose, channel, status,
      occurred_at, ingested_at)
    VALUES ('test', ${`k${++consentSeq}`}, ${customerId}, ${purpose}, ${channel}, ${status}, ${when}, ${when})`);
}

/** Grants consent to many at once. */
export async function grantAll(
  wh: Warehouse,
  ids: readonly string[],
  channel = 'sms',
  when = at('2025-01-01 10:00:00'),
) {
  await wh.load(
    'core.consents',
    [
      { name: 'source', type: 'text' },
      { name: 'consent_id', type: 'text' },
      { name: 'customer_id', type: 'text' },
      { name: 'purpose', type: 'text' },
      { name: 'channel', type: 'text' },
      { name: 'status', type: 'text' },
      { name: 'occurred_at', type: 'timestamptz' },
      { name: 'ingested_at', type: 'timestamptz' },
    ],
    [ids.map((id) => ['test', `k${++consentSeq}`, id, 'marketing', channel, 'granted', when, when])],
  );
}

/** Replaces a segment's members as a segments run for as_of would leave them. */
export async function setMembers(wh: Warehouse, segment: string, ids: readonly string[], asOf: string) {
  await wh.query(sql`DELETE FROM marts.segment_members WHERE segment = ${segment}`);
  await wh.query(sql`DELETE FROM marts.segments WHERE segment = ${segment}`);
  if (ids.length > 0) {
    await wh.load(
      'marts.segment_members',
      [
        { name: 'segment', type: 'text' },
        { name: 'customer_id', type: 'text' },
        { name: 'as_of', type: 'date' },
        { name: 'entered_on', type: 'date' },
      ],
      [ids.map((id) => [segment, id, asOf, asOf])],
    );
  }
  await wh.query(sql`INSERT INTO marts.segments (segment, definition, as_of, members, updated_at)
    VALUES (${segment}, ${'{"kind":"sql","where":"TRUE"}'}, CAST(${asOf} AS DATE), ${ids.length}, ${T0})`);
}

/** The export log of a destination, compact, for assertions. */
export async function logOf(wh: Warehouse, destination: string) {
  const { rows } = await wh.query<{
    sync_id: string;
    customer_id: string;
    action: string;
    status: string;
    batch: number | null;
    detail: string | null;
  }>(sql`
    SELECT sync_id, customer_id, action, status, batch, detail FROM ops.export_log
    WHERE destination = ${destination} ORDER BY sync_id, customer_id`);
  return rows;
}

/** Parses a destination as jobs.config.ts would. */
export const dest = (input: DestinationInput): Destination => {
  const d = DestinationSchema.parse(input);
  if (d.type === 'pull') throw new Error('dest() parses push destinations; pull ones are served, not synced');
  return d;
};

/** A request the test server received. */
export interface Received {
  readonly key: string | undefined;
  readonly auth: string | undefined;
  readonly body: { adds: { customer_id: string }[]; removes: { customer_id: string }[] };
}

/** A real HTTP server on 127.0.0.1 that answers each request with whatever `respond` says. */
export async function testServer(
  respond: (req: Received, n: number) => number | Promise<number>,
): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Received = {
        key: req.headers['idempotency-key'] as string | undefined,
        auth: req.headers.authorization,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Received['body'],
      };
      received.push(r);
      void Promise.resolve(respond(r, received.length)).then((status) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(status < 400 ? '{"ok":true}' : `{"error":"status ${status}"}`);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
