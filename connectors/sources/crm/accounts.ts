import type { CanonicalRow, FileKind, MapOutput, Rejection, SourceRecord } from '../../connector.ts';
import { FieldReader } from '../../map/field-reader.ts';
import { isBlank } from '../../normalise/index.ts';

type Level = 'group' | 'subsidiary' | 'site';
const LEVELS: Record<string, Level> = {
  group: 'group',
  集团: 'group',
  // A company with no group above it is the top of its own one-account hierarchy.
  standalone: 'group',
  独立: 'group',
  subsidiary: 'subsidiary',
  子公司: 'subsidiary',
  site: 'site',
  分部: 'site',
};
const STATUSES: Record<string, 'active' | 'churned'> = {
  active: 'active',
  正常: 'active',
  churned: 'churned',
  流失: 'churned',
};

/** A code as the file has it, '' when blank; for the hierarchy, before records are validated. */
function code(r: SourceRecord, field: string): string {
  const v = String(r.fields[field] ?? '').trim();
  return isBlank(v) ? '' : v;
}

/** Depth of an account below its top (0 for a group), following parent codes through the file. */
function depth(code: string, parents: ReadonlyMap<string, string>): number {
  let d = 0;
  const seen = new Set([code]);
  for (let p = parents.get(code); p && !seen.has(p) && d < 10; p = parents.get(p)) {
    // A parent not in the file still counts: the account sits below something.
    seen.add(p);
    d++;
  }
  return d;
}

/**
 * The account master with its hierarchy and contract, including churn (status and churned_at):
 * one account row per record. The whole file is mapped at once so a missing level can be derived
 * from where the account sits in the hierarchy.
 */
export const crmAccounts: FileKind = {
  kind: 'accounts',
  format: 'csv',
  primary: 'accounts',
  rawTable: 'raw.crm_accounts',
  encodings: ['utf-8', 'gbk'],
  groupKey: () => 'file',
  map(records, ctx): MapOutput {
    const parents = new Map<string, string>();
    for (const r of records)
      if (code(r, 'account_code')) parents.set(code(r, 'account_code'), code(r, 'parent_account_code'));
    const rows: CanonicalRow[] = [];
    const rejections: Rejection[] = [];
    for (const rec of records) {
      const f = new FieldReader(rec, ctx);
      const account = f.text('account_code', { required: true });
      const name = f.text('name', { required: true });
      let parent = f.text('parent_account_code');
      if (parent && parent === account) {
        f.invalid.parent_account_code = `parent_account_code ${parent} is the account itself`;
        parent = null;
      }
      if (f.failure || !account) {
        rejections.push({ recordNo: rec.recordNo, ...f.failure! });
        continue;
      }
      const givenLevel = f.text('level');
      let level = givenLevel ? LEVELS[givenLevel.toLowerCase()] : undefined;
      if (givenLevel && !level)
        f.invalid.level = `level ${JSON.stringify(givenLevel)} is not group, subsidiary, site or standalone`;
      level ??= (['group', 'subsidiary', 'site'] as const)[Math.min(2, depth(account, parents))];
      const churnedAt = f.date('churned_at');
      const givenStatus = f.text('status');
      let status = givenStatus ? STATUSES[givenStatus.toLowerCase()] : undefined;
      if (givenStatus && !status)
        f.invalid.status = `status ${JSON.stringify(givenStatus)} is not active or churned`;
      status ??= churnedAt ? 'churned' : 'active';
      const seats = f.number('seats');
      if (seats !== null && !(Number.isInteger(seats) && seats >= 0))
        f.invalid.seats = `seats ${JSON.stringify(String(f.raw('seats')))} is not a whole number of seats`;
      rows.push({
        record_no: rec.recordNo,
        account_code: account,
        name,
        parent_account_code: parent,
        level,
        industry: f.text('industry'),
        city: f.text('city'),
        tier: f.text('tier'),
        status,
        contract_start: f.date('contract_start'),
        renewal_date: f.date('renewal_date'),
        churned_at: churnedAt,
        attributes: {
          seats: f.invalid.seats ? null : seats,
          ...(givenLevel && level && givenLevel.toLowerCase() !== level ? { source_level: givenLevel } : {}),
          ...f.invalidAttributes(),
        },
      });
    }
    return { rows: { accounts: rows }, rejections };
  },
};
