import { describe, expect, it } from 'vitest';
import { assignIds, type CustomerIdState } from './assign-ids.ts';

const t0 = new Date('2025-01-01T00:00:00Z');
const t1 = new Date('2025-02-01T00:00:00Z');
const now = new Date('2025-03-01T00:00:00Z');
const state = (customerId: string, createdAt: Date): CustomerIdState => ({
  customerId,
  status: 'active',
  mergedInto: null,
  createdAt,
});

describe('assignIds', () => {
  it('mints IDs from the founding record, the same for the same records', () => {
    const input = {
      keys: ['pos/a', 'pos/b', 'his/c'],
      labels: Int32Array.from([0, 0, 2]),
      rules: [null, 'phone_name', null],
      previous: new Map<string, string>(),
      ids: new Map<string, CustomerIdState>(),
      prefix: 'C',
      now,
    };
    const a = assignIds(input);
    expect(a.customerOf[0]).toBe(a.customerOf[1]);
    expect(a.customerOf[2]).not.toBe(a.customerOf[0]);
    expect(a.customerOf[0]).toMatch(/^C[0-9A-Z]{10}$/);
    expect(assignIds(input).customerOf).toEqual(a.customerOf);
    expect(a.history.map((h) => h.action)).toEqual(['create', 'create']);
  });

  it('keeps the older ID on a merge and records the younger as merged into it', () => {
    const a = assignIds({
      keys: ['k1', 'k2', 'k3'],
      labels: Int32Array.from([0, 0, 0]),
      rules: [null, 'probabilistic', 'phone_name'],
      previous: new Map([
        ['k1', 'C-NEW'],
        ['k2', 'C-OLD'],
      ]),
      ids: new Map([
        ['C-NEW', state('C-NEW', t1)],
        ['C-OLD', state('C-OLD', t0)],
      ]),
      prefix: 'C',
      now,
    });
    expect(a.customerOf).toEqual(['C-OLD', 'C-OLD', 'C-OLD']);
    expect(a.changedIds).toEqual([{ ...state('C-NEW', t1), status: 'merged', mergedInto: 'C-OLD' }]);
    expect(a.history).toEqual([
      { action: 'merge', customerId: 'C-OLD', otherCustomerId: 'C-NEW', records: ['k1'], reason: 'founder' },
    ]);
  });

  it('on a split the part holding most records keeps the ID and the rest gets a new one', () => {
    const a = assignIds({
      keys: ['k1', 'k2', 'k3'],
      labels: Int32Array.from([0, 0, 2]),
      rules: [null, null, null],
      previous: new Map([
        ['k1', 'C1'],
        ['k2', 'C1'],
        ['k3', 'C1'],
      ]),
      ids: new Map([['C1', state('C1', t0)]]),
      prefix: 'C',
      now,
    });
    expect(a.customerOf.slice(0, 2)).toEqual(['C1', 'C1']);
    expect(a.customerOf[2]).not.toBe('C1');
    expect(a.history).toEqual([
      expect.objectContaining({
        action: 'split',
        customerId: a.customerOf[2],
        otherCustomerId: 'C1',
        records: ['k3'],
      }),
    ]);
  });

  it('an unmerge brings the merged ID back for the records it held', () => {
    const a = assignIds({
      keys: ['k1', 'k2', 'k3'],
      labels: Int32Array.from([0, 0, 2]),
      rules: [null, null, null],
      previous: new Map([
        ['k1', 'C1'],
        ['k2', 'C1'],
        ['k3', 'C1'],
      ]),
      ids: new Map([
        ['C1', state('C1', t0)],
        ['C2', { ...state('C2', t1), status: 'merged', mergedInto: 'C1' }],
      ]),
      restore: new Map([['C2', new Set(['k3'])]]),
      prefix: 'C',
      now,
    });
    expect(a.customerOf).toEqual(['C1', 'C1', 'C2']);
    expect(a.changedIds).toEqual([state('C2', t1)]);
    expect(a.history.map((h) => [h.action, h.customerId, h.otherCustomerId])).toEqual([
      ['unmerge', 'C2', 'C1'],
    ]);
  });
});
