import { readFileSync, unlinkSync } from 'node:fs';
import { link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { HeldLock, Locker, LockHolder } from '../lock.ts';

/** What a lock file says about its holder. */
interface LockFileContent {
  readonly name: string;
  readonly pid: number;
  readonly host: string;
  readonly since: string;
  /** The holder's start time in clock ticks since boot (Linux): tells a reused pid from the holder. */
  readonly procStart: string | null;
}

// A file that cannot be parsed is a holder that died between creating and filling it, or one
// still writing it (we write before linking, so only a foreign or truncated file): after this long
// it is taken as stale.
const UNREADABLE_STALE_MS = 10_000;

/** The lock file of `name` for the DuckDB file at `dbPath`: in a `.locks` folder beside it. */
export function lockFilePath(dbPath: string, name: string): string {
  return join(`${dbPath}.locks`, `${name.replace(/[^A-Za-z0-9_.-]/g, '_')}.lock`);
}

/**
 * A lock file created atomically (written aside, then hard-linked into place, so no one ever
 * reads it half written). A file whose holder is a dead process on this host (or a reused pid)
 * is removed under a short `.break` guard, so two waiters cannot both break it and both win.
 */
export function lockFileLocker(dbPath: string, name: string): Locker {
  const path = lockFilePath(dbPath, name);
  return {
    async tryAcquire() {
      await mkdir(`${dbPath}.locks`, { recursive: true });
      for (let round = 0; round < 3; round++) {
        const content: LockFileContent = {
          name,
          pid: process.pid,
          host: hostname(),
          since: new Date().toISOString(),
          procStart: procStart(process.pid),
        };
        const text = JSON.stringify(content);
        if (await createExclusive(path, text)) return { lock: heldFile(path, name, text) };
        const found = await readFile(path, 'utf8').catch(() => null);
        if (found === null) continue; // released between our try and the read
        const holder = parseContent(found);
        if (holder ? isStale(holder) : await olderThan(path, UNREADABLE_STALE_MS)) {
          await breakStale(path, found);
          continue;
        }
        return { holder: holder ? toHolder(holder) : { pid: null, host: null, since: null } };
      }
      return { holder: { pid: null, host: null, since: null } };
    },
    close: async () => undefined,
  };
}

async function createExclusive(path: string, text: string): Promise<boolean> {
  const aside = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  await writeFile(aside, text, { flag: 'wx' });
  try {
    await link(aside, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    await unlink(aside).catch(() => undefined);
  }
}

// Files this process holds, removed on a normal exit even if nobody called release().
const held = new Map<string, string>();
let exitHookInstalled = false;

function heldFile(path: string, name: string, text: string): HeldLock {
  held.set(path, text);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const [p, t] of held) removeIfOurs(p, t);
    });
  }
  return {
    name,
    release: async () => {
      if (held.get(path) !== text) return;
      held.delete(path);
      removeIfOurs(path, text);
    },
  };
}

function removeIfOurs(path: string, text: string): void {
  try {
    if (readFileSync(path, 'utf8') === text) unlinkSync(path);
  } catch {
    // already gone
  }
}

async function breakStale(path: string, staleText: string): Promise<void> {
  const guard = `${path}.break`;
  if (!(await createExclusive(guard, String(process.pid)))) {
    // Another process is breaking it; a guard left by a breaker that died is itself stale.
    if (await olderThan(guard, UNREADABLE_STALE_MS)) await unlink(guard).catch(() => undefined);
    return;
  }
  try {
    // Re-read under the guard: only the stale content we judged may be removed, never a new lock.
    if ((await readFile(path, 'utf8').catch(() => null)) === staleText) await unlink(path);
  } finally {
    await unlink(guard).catch(() => undefined);
  }
}

function parseContent(text: string): LockFileContent | null {
  try {
    const v = JSON.parse(text) as Partial<LockFileContent>;
    if (typeof v.pid !== 'number' || typeof v.host !== 'string' || typeof v.since !== 'string') return null;
    return { name: String(v.name), pid: v.pid, host: v.host, since: v.since, procStart: v.procStart ?? null };
  } catch {
    return null;
  }
}

function toHolder(c: LockFileContent): LockHolder {
  const since = new Date(c.since);
  return { pid: c.pid, host: c.host, since: Number.isNaN(since.getTime()) ? null : since };
}

// A holder on another host cannot be checked from here, so it is never judged stale.
function isStale(c: LockFileContent): boolean {
  if (c.host !== hostname()) return false;
  if (!isAlive(c.pid)) return true;
  const now = procStart(c.pid);
  return c.procStart !== null && now !== null && now !== c.procStart;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A killed process its parent has not reaped yet still answers signal 0, as a zombie.
  return procState(pid) !== 'Z';
}

// /proc/<pid>/stat: "pid (comm) state ppid ... starttime(22nd)"; comm may hold spaces and ")".
function procStat(pid: number): string[] | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

function procState(pid: number): string | null {
  return procStat(pid)?.[0] ?? null;
}

function procStart(pid: number): string | null {
  return procStat(pid)?.[19] ?? null;
}

async function olderThan(path: string, ms: number): Promise<boolean> {
  try {
    return Date.now() - (await stat(path)).mtimeMs > ms;
  } catch {
    return false;
  }
}

// ':memory:' is private to one process: a lock among the callers inside it is all there is to take.
const memoryHeld = new Map<string, Date>();

/** The in-process lock of an in-memory warehouse. */
export function memoryLocker(name: string): Locker {
  return {
    async tryAcquire() {
      const since = memoryHeld.get(name);
      if (since) return { holder: { pid: process.pid, host: hostname(), since } };
      memoryHeld.set(name, new Date());
      let released = false;
      return {
        lock: {
          name,
          release: async () => {
            if (!released) memoryHeld.delete(name);
            released = true;
          },
        },
      };
    },
    close: async () => undefined,
  };
}
