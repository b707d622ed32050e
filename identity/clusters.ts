/** Why a union was refused; counted in the run summary. */
export type Refusal = 'national_id_conflict' | 'cannot_link';

/**
 * Union-find over record indices that refuses unions breaking an invariant: a customer never
 * holds two different resident IDs, and never two records a person said are different people.
 */
export class Clusters {
  private readonly parent: Int32Array;
  private readonly size: Int32Array;
  /** National ID held by each root's cluster; '' when none. */
  private readonly nationalId: string[];
  /** Records each record must never share a customer with. */
  private readonly cannot = new Map<number, number[]>();
  /** Members of each root, only kept for roots that carry cannot-links (checked on union). */
  private readonly guarded = new Map<number, number[]>();
  readonly refusals: Record<Refusal, number> = { national_id_conflict: 0, cannot_link: 0 };

  constructor(n: number, nationalIds: readonly (string | null)[]) {
    this.parent = new Int32Array(n);
    this.size = new Int32Array(n).fill(1);
    for (let i = 0; i < n; i++) this.parent[i] = i;
    this.nationalId = nationalIds.map((v) => v ?? '');
  }

  /** Adds a cannot-link between two records. Call before any union. */
  cannotLink(a: number, b: number): void {
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      const list = this.cannot.get(x);
      if (list) list.push(y);
      else this.cannot.set(x, [y]);
      if (!this.guarded.has(x)) this.guarded.set(x, [x]);
    }
  }

  find(i: number): number {
    let root = i;
    while (this.parent[root] !== root) root = this.parent[root]!;
    while (this.parent[i] !== root) {
      const next = this.parent[i]!;
      this.parent[i] = root;
      i = next;
    }
    return root;
  }

  sizeOf(i: number): number {
    return this.size[this.find(i)]!;
  }

  /** The guard alone: would a union of a's and b's clusters be refused, and why. */
  refusal(a: number, b: number): Refusal | null {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return null;
    const na = this.nationalId[ra]!;
    const nb = this.nationalId[rb]!;
    if (na !== '' && nb !== '' && na !== nb) return 'national_id_conflict';
    const ga = this.guarded.get(ra);
    const gb = this.guarded.get(rb);
    if (ga && gb) {
      const [small, otherRoot] = ga.length <= gb.length ? [ga, rb] : [gb, ra];
      for (const m of small) {
        for (const partner of this.cannot.get(m) ?? []) {
          if (this.find(partner) === otherRoot) return 'cannot_link';
        }
      }
    }
    return null;
  }

  /** Joins the clusters of a and b unless a guard refuses; true if they are (now) one cluster. */
  union(a: number, b: number): boolean {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return true;
    const why = this.refusal(ra, rb);
    if (why) {
      this.refusals[why]++;
      return false;
    }
    if (this.size[ra]! < this.size[rb]!) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra]! += this.size[rb]!;
    if (this.nationalId[ra] === '') this.nationalId[ra] = this.nationalId[rb]!;
    const gb = this.guarded.get(rb);
    if (gb) {
      const ga = this.guarded.get(ra);
      if (ga) ga.push(...gb);
      else this.guarded.set(ra, gb);
      this.guarded.delete(rb);
    }
    return true;
  }

  /** Cluster label per record: the smallest record index of its cluster (independent of union order). */
  labels(): Int32Array {
    const n = this.parent.length;
    const minOfRoot = new Int32Array(n).fill(-1);
    for (let i = 0; i < n; i++) {
      const r = this.find(i);
      if (minOfRoot[r] === -1) minOfRoot[r] = i;
    }
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = minOfRoot[this.find(i)]!;
    return out;
  }
}
