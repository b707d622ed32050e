import levenshtein from 'fast-levenshtein';
import { DuplicateJobError, JobCycleError, UnknownJobError } from './errors.ts';

/** What the graph needs of a job: its name, explicit dependencies, and the tables it reads and writes. */
export interface JobNode {
  readonly name: string;
  readonly dependsOn?: readonly string[];
  readonly inputs?: readonly string[];
  readonly outputs?: readonly string[];
}

/** Why `from` runs before `to`: `to` depends on it, or reads a table it writes. */
export interface JobEdge {
  readonly from: string;
  readonly to: string;
  /** The table `to` reads and `from` writes; null for an explicit dependsOn. */
  readonly table: string | null;
}

/** How a job ended in one run of the graph, as far as its downstream jobs care. */
export type JobStatus = 'succeeded' | 'failed' | 'skipped';

/** The jobs and their dependencies, checked to form a DAG, in one deterministic order. */
export interface JobDag {
  /** Every job, upstream before downstream; among jobs free to go, alphabetical. */
  readonly order: readonly string[];
  readonly edges: readonly JobEdge[];
  has(job: string): boolean;
  /** The jobs `job` directly depends on, by name. */
  upstream(job: string): readonly string[];
  /** The jobs directly depending on `job`, by name. */
  downstream(job: string): readonly string[];
  /** The given jobs and everything upstream of them, in order (`cdp run <job> --with-deps`). */
  withDeps(...jobs: string[]): string[];
  /** The given jobs and everything downstream of them, in order. */
  withDownstream(...jobs: string[]): string[];
  /** The given jobs in graph order; throws UnknownJobError for a name that is not a job. */
  sort(jobs: Iterable<string>): string[];
  /**
   * Jobs that must not run because a job upstream of them failed, each with the failed jobs to
   * blame. A skipped job counts as failed for what lies below it.
   */
  blocked(statuses: ReadonlyMap<string, JobStatus>): Map<string, string[]>;
}

/**
 * Builds the graph: an edge for each dependsOn, and from every job writing a table to every other
 * job reading it. Throws UnknownJobError for a dependency that is not a job and JobCycleError,
 * naming the cycle, when jobs wait on each other in a circle.
 */
export function buildDag(nodes: readonly JobNode[]): JobDag {
  const names = nodes.map((n) => n.name).sort();
  const known = new Set(names);
  const twice = names.find((n, i) => names[i + 1] === n);
  if (twice !== undefined) throw new DuplicateJobError(twice, `job "${twice}" is declared twice`);
  const writers = new Map<string, string[]>();
  for (const n of nodes) {
    for (const t of n.outputs ?? []) writers.set(norm(t), [...(writers.get(norm(t)) ?? []), n.name]);
  }
  const edges = new Map<string, JobEdge>();
  const add = (e: JobEdge): void => {
    const key = `${e.from}\u0000${e.to}`;
    // An explicit dependency is the clearer reason to show in a cycle message.
    if (!edges.has(key) || e.table === null) edges.set(key, e);
  };
  for (const n of [...nodes].sort(byName)) {
    for (const dep of n.dependsOn ?? []) {
      if (!known.has(dep)) throw unknownJob(n.name, dep, names);
      add({ from: dep, to: n.name, table: null });
    }
    for (const t of n.inputs ?? []) {
      for (const w of writers.get(norm(t)) ?? [])
        if (w !== n.name) add({ from: w, to: n.name, table: norm(t) });
    }
  }
  const all = [...edges.values()].sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to));
  const up = groupBy(
    all,
    (e) => e.to,
    (e) => e.from,
  );
  const down = groupBy(
    all,
    (e) => e.from,
    (e) => e.to,
  );
  const order = topoOrder(names, up, down, all);
  const position = new Map(order.map((n, i) => [n, i]));

  const check = (job: string): void => {
    if (!known.has(job)) throw unknownJob(null, job, names);
  };
  const closure = (start: string[], next: Map<string, string[]>): string[] => {
    start.forEach(check);
    const seen = new Set(start);
    const stack = [...start];
    for (let j = stack.pop(); j !== undefined; j = stack.pop()) {
      for (const k of next.get(j) ?? []) {
        if (seen.has(k)) continue;
        seen.add(k);
        stack.push(k);
      }
    }
    return sortBy(seen);
  };
  const sortBy = (jobs: Iterable<string>): string[] =>
    [...new Set(jobs)].sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0));

  return {
    order,
    edges: all,
    has: (job) => known.has(job),
    upstream: (job) => up.get(job) ?? [],
    downstream: (job) => down.get(job) ?? [],
    withDeps: (...jobs) => closure(jobs, up),
    withDownstream: (...jobs) => closure(jobs, down),
    sort(jobs) {
      const list = [...jobs];
      list.forEach(check);
      return sortBy(list);
    },
    blocked(statuses) {
      const blame = new Map<string, string[]>();
      for (const job of order) {
        const causes = new Set<string>();
        for (const u of up.get(job) ?? []) {
          if (statuses.get(u) === 'failed') causes.add(u);
          for (const c of blame.get(u) ?? []) causes.add(c);
          // A job skipped for a reason of its own (not below a failure) still stops what needs it.
          if (statuses.get(u) === 'skipped' && !blame.has(u)) causes.add(u);
        }
        if (causes.size) blame.set(job, [...causes].sort());
      }
      return blame;
    },
  };
}

// Kahn's algorithm, taking the alphabetically first ready job each time, so the order depends only
// on the graph, not on how jobs were listed.
function topoOrder(
  names: readonly string[],
  up: Map<string, string[]>,
  down: Map<string, string[]>,
  edges: readonly JobEdge[],
): string[] {
  const waiting = new Map(names.map((n) => [n, (up.get(n) ?? []).length]));
  const ready = names.filter((n) => waiting.get(n) === 0);
  const order: string[] = [];
  while (ready.length) {
    const job = ready.shift() as string;
    order.push(job);
    for (const d of down.get(job) ?? []) {
      const left = (waiting.get(d) ?? 0) - 1;
      waiting.set(d, left);
      if (left === 0) insertSorted(ready, d);
    }
  }
  if (order.length < names.length)
    throw cycleError(
      names.filter((n) => !order.includes(n)),
      up,
      edges,
    );
  return order;
}

// Every job left over by Kahn's algorithm waits on another left-over job, so walking upstream from
// the first of them must come back to a job already passed: that loop is the cycle.
function cycleError(left: string[], up: Map<string, string[]>, edges: readonly JobEdge[]): JobCycleError {
  const rest = new Set(left);
  const path: string[] = [];
  let job = left[0] as string;
  while (!path.includes(job)) {
    path.push(job);
    job = (up.get(job) ?? []).find((u) => rest.has(u)) as string;
  }
  // Walked upstream; data flows the other way. Start the loop at its alphabetically first job.
  const loop = path.slice(path.indexOf(job)).reverse();
  const start = loop.indexOf([...loop].sort()[0] as string);
  const cycle = [...loop.slice(start), ...loop.slice(0, start)];
  cycle.push(cycle[0] as string);
  const why = cycle.slice(1).map((to, i) => {
    const from = cycle[i] as string;
    const e = edges.find((x) => x.from === from && x.to === to);
    return e?.table ? `${to} reads ${e.table}, which ${from} writes` : `${to} depends on ${from}`;
  });
  return new JobCycleError(
    cycle,
    `jobs depend on each other in a cycle: ${cycle.join(' -> ')} (${why.join('; ')}); remove one of these dependencies`,
  );
}

function unknownJob(job: string | null, unknown: string, names: readonly string[]): UnknownJobError {
  const near = names
    .map((n) => ({ n, d: levenshtein.get(n, unknown) }))
    .filter((x) => x.d <= Math.max(2, Math.floor(unknown.length / 3)))
    .sort((a, b) => a.d - b.d || cmp(a.n, b.n))[0]?.n;
  const hint = near ? `did you mean "${near}"?` : `jobs: ${names.join(', ') || '(none)'}`;
  const where =
    job === null
      ? `no job is named "${unknown}"`
      : `job "${job}" depends on "${unknown}", which is not a job`;
  return new UnknownJobError(job ?? unknown, unknown, `${where}; ${hint}`);
}

function groupBy(edges: readonly JobEdge[], key: (e: JobEdge) => string, value: (e: JobEdge) => string) {
  const out = new Map<string, string[]>();
  for (const e of edges) out.set(key(e), [...(out.get(key(e)) ?? []), value(e)]);
  return out;
}

function insertSorted(list: string[], item: string): void {
  const i = list.findIndex((x) => cmp(x, item) > 0);
  if (i < 0) list.push(item);
  else list.splice(i, 0, item);
}

// Table names compare case-insensitively, as both engines treat unquoted identifiers.
const norm = (table: string): string => table.toLowerCase();
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byName = (a: JobNode, b: JobNode): number => cmp(a.name, b.name);
