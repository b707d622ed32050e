import type { Identifier, IdentityConfig } from './config.ts';
import type { SourceRecord } from './records.ts';

/** The values a record holds for an identifier (phones and emails can be several). */
export function identifierValues(r: SourceRecord, id: Identifier): readonly string[] {
  switch (id) {
    case 'phone':
      return r.phones;
    case 'email':
      return r.emails;
    case 'national_id':
      return r.nationalId ? [r.nationalId] : [];
    case 'insurance_id':
      return r.insuranceId ? [r.insuranceId] : [];
    case 'union_id':
      return r.unionId ? [r.unionId] : [];
    case 'open_id':
      return r.openId ? [r.openId] : [];
    case 'platform_user_id':
      return r.platformUserId ? [r.platformUserId] : [];
    case 'member_card':
      return r.memberCard ? [r.memberCard] : [];
    case 'device_id':
      return r.deviceId ? [r.deviceId] : [];
  }
}

/** Decides which identifier values are placeholders that identify nobody. */
export class BlockList {
  private readonly phones: Set<string>;
  private readonly emails: Set<string>;
  private readonly values: Set<string>;
  private readonly repeated: boolean;

  constructor(cfg: IdentityConfig['blocked']) {
    this.phones = new Set(cfg.phones);
    this.emails = new Set(cfg.emails.map((e) => e.toLowerCase()));
    this.values = new Set(cfg.values.map((v) => v.toLowerCase()));
    this.repeated = cfg.repeatedDigitPhones;
  }

  blocks(id: Identifier, value: string): boolean {
    if (this.values.has(value.toLowerCase())) return true;
    if (id === 'phone') {
      if (this.phones.has(value)) return true;
      // +86 1xx then 8 digits all the same: typed when the customer gave none.
      return this.repeated && /^\+861\d\d(\d)\1{7}$/.test(value);
    }
    if (id === 'email') return this.emails.has(value.toLowerCase());
    return false;
  }
}

/** Records per identifier value, blocked values left out, values in order of first appearance. */
export function indexIdentifier(
  records: readonly SourceRecord[],
  id: Identifier,
  blocked: BlockList,
): Map<string, number[]> {
  const index = new Map<string, number[]>();
  for (let i = 0; i < records.length; i++) {
    for (const v of identifierValues(records[i]!, id)) {
      if (blocked.blocks(id, v)) continue;
      const list = index.get(v);
      if (list) list.push(i);
      else index.set(v, [i]);
    }
  }
  // Insertion order follows record order, which is sorted by (source, source_key): deterministic
  // on every run and engine without sorting a million keys.
  return index;
}
