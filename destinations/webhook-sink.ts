import type { WebhookDestination } from './config.ts';
import { DestinationUnavailableError } from './errors.ts';
import type { OutRecord, Sink } from './sink.ts';

export type Fetch = typeof globalThis.fetch;

type Attempt = { readonly ok: true } | { readonly ok: false; readonly status: number; readonly body: string };

/** Internal: every attempt of one call failed; turned into DestinationUnavailableError with the batch. */
class RetriesExhaustedError extends Error {}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const retryableStatus = (s: number) => s >= 500 || s === 408 || s === 429;
// fetch rejects with a TypeError when the network fails and AbortSignal.timeout with a
// TimeoutError; anything else is a fault of ours and stops the sync, leaving its batches pending.
const retryableError = (err: unknown) =>
  err instanceof TypeError ||
  (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError'));

/**
 * Batched HTTP POST of {adds, removes}. 5xx, 408, 429, network errors and timeouts are retried
 * with exponential backoff; any other 4xx rejects the batch, which is split in halves until the
 * refused records are alone. Every call carries `Idempotency-Key: <destination>:<sync>:<batch>`,
 * with `.1`/`.2` per split level, so a resent batch is recognisable by the receiver.
 */
export function webhookSink(name: string, dest: WebhookDestination, fetchFn: Fetch = globalThis.fetch): Sink {
  async function post(key: string, syncId: string, records: readonly OutRecord[]): Promise<Attempt> {
    const body = JSON.stringify({
      destination: name,
      segment: dest.segment,
      sync_id: syncId,
      idempotency_key: key,
      adds: records.filter((r) => r.action === 'add').map((r) => r.fields),
      removes: records.filter((r) => r.action === 'remove').map((r) => r.fields),
    });
    let last = '';
    for (let attempt = 0; attempt <= dest.retries; attempt++) {
      if (attempt > 0) await sleep(dest.backoffMs * 2 ** (attempt - 1));
      try {
        const res = await fetchFn(dest.url, {
          method: 'POST',
          headers: { ...dest.headers, 'content-type': 'application/json', 'idempotency-key': key },
          body,
          signal: AbortSignal.timeout(dest.timeoutMs),
        });
        const text = await res.text();
        if (res.ok) return { ok: true };
        if (!retryableStatus(res.status)) return { ok: false, status: res.status, body: text };
        last = `HTTP ${res.status} ${text.slice(0, 200)}`.trim();
      } catch (err) {
        if (!retryableError(err)) throw err;
        last = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      }
    }
    throw new RetriesExhaustedError(`${dest.retries + 1} attempts failed, last: ${last}`);
  }

  async function deliver(
    key: string,
    syncId: string,
    records: readonly OutRecord[],
  ): Promise<Map<string, string>> {
    const res = await post(key, syncId, records);
    if (res.ok) return new Map();
    if (records.length === 1) {
      const id = records[0]!.fields.customer_id!;
      return new Map([[id, `HTTP ${res.status}: ${res.body.slice(0, 1000)}`]]);
    }
    const mid = Math.ceil(records.length / 2);
    const left = await deliver(`${key}.1`, syncId, records.slice(0, mid));
    const right = await deliver(`${key}.2`, syncId, records.slice(mid));
    return new Map([...left, ...right]);
  }

  return {
    async send(syncId, batch, records) {
      try {
        return await deliver(`${name}:${syncId}:${batch}`, syncId, records);
      } catch (err) {
        if (err instanceof RetriesExhaustedError) {
          throw new DestinationUnavailableError(name, syncId, batch, err.message, { cause: err });
        }
        throw err;
      }
    },
  };
}
