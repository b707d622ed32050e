// The per-customer purchase summary both models read, its checks, and the grouping of identical rows
// that makes a fit cost per distinct (x, tx, T) rather than per customer.
import { ClvInputError } from './errors.ts';

/**
 * One row per customer, in one time unit of the caller's choice (e.g. weeks): x = number of repeat
 * purchases, tx = age at the last purchase (0 when x = 0), T = age at the end of the calibration period.
 * weight (default 1) lets a row stand for that many identical customers.
 */
export interface RfmData {
  readonly x: ArrayLike<number>;
  readonly tx: ArrayLike<number>;
  readonly T: ArrayLike<number>;
  readonly weight?: ArrayLike<number>;
}

/** Distinct (x, tx, T) rows with the summed weight of the customers behind each. */
export interface GroupedRfm {
  readonly x: Float64Array;
  readonly tx: Float64Array;
  readonly T: Float64Array;
  readonly weight: Float64Array;
  /** Sum of all weights: the number of customers. */
  readonly total: number;
}

/** Throws ClvInputError naming the first bad row: lengths differ, x not a count, not 0 <= tx <= T, bad weight. */
export function checkRfm(data: RfmData): number {
  const n = data.x.length;
  for (const [name, column] of [
    ['tx', data.tx],
    ['T', data.T],
    ['weight', data.weight],
  ] as const) {
    if (column !== undefined && column.length !== n) {
      throw new ClvInputError(
        `${name} has ${column.length} rows but x has ${n}: give one value per customer`,
      );
    }
  }
  for (let i = 0; i < n; i++) {
    const x = data.x[i]!;
    const tx = data.tx[i]!;
    const T = data.T[i]!;
    if (!(Number.isInteger(x) && x >= 0)) {
      throw new ClvInputError(`row ${i}: x = ${x}; x counts repeat purchases, a whole number >= 0`, i);
    }
    if (!(tx >= 0 && T >= tx && Number.isFinite(T))) {
      throw new ClvInputError(
        `row ${i}: tx = ${tx}, T = ${T}; need 0 <= tx <= T (ages at the last purchase and at the end of calibration)`,
        i,
      );
    }
    if (x === 0 && tx !== 0) {
      throw new ClvInputError(`row ${i}: x = 0 but tx = ${tx}; without a repeat purchase tx is 0`, i);
    }
    const w = data.weight?.[i] ?? 1;
    if (!(w >= 0 && Number.isFinite(w))) {
      throw new ClvInputError(`row ${i}: weight = ${w}; a weight is a finite count >= 0`, i);
    }
  }
  return n;
}

/** Groups identical (x, tx, T) rows (exact equality) summing their weights; rows of weight 0 are dropped. */
export function groupRfm(data: RfmData): GroupedRfm {
  const n = checkRfm(data);
  let capacity = 16;
  while (capacity < 2 * n) capacity *= 2;
  const mask = capacity - 1;
  // Open addressing on the bit patterns of the three doubles: a string-keyed Map costs several times more.
  const slots = new Int32Array(capacity).fill(-1);
  const x = new Float64Array(n);
  const tx = new Float64Array(n);
  const T = new Float64Array(n);
  const weight = new Float64Array(n);
  const key = new Float64Array(3);
  const bits = new Uint32Array(key.buffer);
  let groups = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = data.weight?.[i] ?? 1;
    if (w === 0) continue;
    // + 0 turns -0 into 0 so both land in one group.
    key[0] = data.x[i]! + 0;
    key[1] = data.tx[i]! + 0;
    key[2] = data.T[i]! + 0;
    let h = 0x811c9dc5;
    for (let k = 0; k < 6; k++) h = Math.imul(h ^ bits[k]!, 0x01000193);
    h ^= h >>> 15;
    let slot = h & mask;
    for (;;) {
      const g = slots[slot]!;
      if (g === -1) {
        slots[slot] = groups;
        x[groups] = key[0];
        tx[groups] = key[1];
        T[groups] = key[2];
        weight[groups] = w;
        groups++;
        break;
      }
      if (x[g] === key[0] && tx[g] === key[1] && T[g] === key[2]) {
        weight[g] = weight[g]! + w;
        break;
      }
      slot = (slot + 1) & mask;
    }
    total += w;
  }
  return {
    x: x.slice(0, groups),
    tx: tx.slice(0, groups),
    T: T.slice(0, groups),
    weight: weight.slice(0, groups),
    total,
  };
}

/** Index of each row's value among the distinct values of a column, and those values. */
export function distinctValues(values: Float64Array): { values: Float64Array; index: Int32Array } {
  const seen = new Map<number, number>();
  const index = new Int32Array(values.length);
  const distinct: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    let j = seen.get(v);
    if (j === undefined) {
      j = distinct.length;
      seen.set(v, j);
      distinct.push(v);
    }
    index[i] = j;
  }
  return { values: Float64Array.from(distinct), index };
}
