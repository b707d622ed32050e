import { memoryLocker, lockFileLocker } from './duckdb/lock-file.ts';
import { WarehouseError } from './errors.ts';
import { pgSessionLocker } from './postgres/session-lock.ts';
import type { WarehouseTarget } from './target.ts';

/** Who holds a lock, as far as the engine can tell; a field is null when it cannot. */
export interface LockHolder {
  readonly pid: number | null;
  readonly host: string | null;
  readonly since: Date | null;
}

/** A named lock this process holds until `release` (idempotent) or until it exits. */
export interface HeldLock {
  readonly name: string;
  release(): Promise<void>;
}

/** How long to wait for a lock that another process holds. */
export interface LockOptions {
  /** Give up after this long; 0 (the default) tries once. */
  readonly waitMs?: number;
  /** Time between tries while waiting (default 500 ms). */
  readonly pollMs?: number;
  /** Stops the wait (shutdown); the abort reason is thrown. */
  readonly signal?: AbortSignal;
  /** Called once, on the first failed try, with the holder: the moment to log "waiting for ...". */
  readonly onWait?: (holder: LockHolder) => void;
}

/** One engine's way to take a named lock; `tryAcquire` never waits. */
export interface Locker {
  tryAcquire(): Promise<{ readonly lock: HeldLock } | { readonly holder: LockHolder }>;
  /** Frees what a locker that never acquired holds (a Postgres connection). */
  close(): Promise<void>;
}

/** Another process held the lock for longer than the caller would wait. */
export class WarehouseLockedError extends WarehouseError {
  override readonly name = 'WarehouseLockedError';
  constructor(
    readonly lock: string,
    readonly holder: LockHolder,
    readonly waitedMs: number,
  ) {
    super(`lock "${lock}" is held by ${describeHolder(holder)}`, {
      hint: 'wait for that process to finish (or stop it), then try again',
    });
  }
}

/** "pid 123 on host db1 since 2026-03-08T07:00:00.000Z", leaving out what is unknown. */
export function describeHolder(holder: LockHolder): string {
  const parts = [
    holder.pid === null ? 'another process' : `pid ${holder.pid}`,
    holder.host === null ? '' : `on ${holder.host}`,
    holder.since === null ? '' : `since ${holder.since.toISOString()}`,
  ];
  return parts.filter(Boolean).join(' ');
}

/**
 * Takes a lock named `name` that holds across processes sharing the warehouse: on Postgres a
 * session advisory lock on a connection of its own (freed when the process dies, however it dies);
 * on DuckDB a lock file next to the warehouse file (a dead holder's file is broken on the next
 * try). It needs only the target, so a DuckDB caller takes it before opening the file, which one
 * process at a time may hold. Throws WarehouseLockedError when still held after `waitMs`.
 */
export async function acquireLock(
  target: WarehouseTarget,
  name: string,
  opts: LockOptions = {},
): Promise<HeldLock> {
  const locker =
    target.engine === 'postgres'
      ? await pgSessionLocker(target.url, name)
      : target.path === ':memory:'
        ? memoryLocker(name)
        : lockFileLocker(target.path, name);
  const started = Date.now();
  const waitMs = opts.waitMs ?? 0;
  let told = false;
  try {
    for (;;) {
      opts.signal?.throwIfAborted();
      const attempt = await locker.tryAcquire();
      if ('lock' in attempt) return attempt.lock;
      const waited = Date.now() - started;
      if (waited >= waitMs) throw new WarehouseLockedError(name, attempt.holder, waited);
      if (!told) opts.onWait?.(attempt.holder);
      told = true;
      await sleep(Math.min(opts.pollMs ?? 500, waitMs - waited), opts.signal);
    }
  } catch (err) {
    await locker.close();
    throw err;
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
