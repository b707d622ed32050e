import { describe, expect, it } from 'vitest';
import { Clusters } from './clusters.ts';

describe('Clusters', () => {
  it('never puts two different resident IDs in one customer, even through a chain', () => {
    const c = new Clusters(4, ['110101199003071234', null, null, '110101196205121228']);
    expect(c.union(0, 1)).toBe(true);
    expect(c.union(2, 3)).toBe(true);
    expect(c.union(1, 2)).toBe(false);
    expect(c.refusals.national_id_conflict).toBe(1);
    expect(c.find(0)).not.toBe(c.find(3));
  });

  it('honours cannot-links between members of the two clusters', () => {
    const c = new Clusters(5, [null, null, null, null, null]);
    c.cannotLink(0, 4);
    c.union(0, 1);
    c.union(3, 4);
    expect(c.union(1, 3)).toBe(false);
    expect(c.refusals.cannot_link).toBe(1);
    expect(c.union(1, 2)).toBe(true);
    expect(c.union(2, 3)).toBe(false);
  });

  it('labels each record with the smallest index of its cluster, whatever the union order', () => {
    const a = new Clusters(5, Array(5).fill(null));
    a.union(4, 2);
    a.union(2, 1);
    const b = new Clusters(5, Array(5).fill(null));
    b.union(1, 2);
    b.union(1, 4);
    expect([...a.labels()]).toEqual([0, 1, 1, 3, 1]);
    expect([...b.labels()]).toEqual([...a.labels()]);
  });
});
