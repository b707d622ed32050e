import type { Connector } from '../../connector.ts';
import { crmAccounts } from './accounts.ts';
import { crmContacts } from './contacts.ts';
import { crmLeads } from './leads.ts';
import { crmOpportunities } from './opportunities.ts';
import { crmOpportunityStages } from './opportunity-stages.ts';
import { crmUsageDaily } from './usage-daily.ts';

const KINDS = [
  [/^accounts([-_].*)?\.csv(\.gz)?$/i, crmAccounts],
  [/^contacts([-_].*)?\.csv(\.gz)?$/i, crmContacts],
  [/^leads([-_].*)?\.csv(\.gz)?$/i, crmLeads],
  [/^opportunity_stage_history([-_].*)?\.csv(\.gz)?$/i, crmOpportunityStages],
  [/^opportunities([-_].*)?\.csv(\.gz)?$/i, crmOpportunities],
  [/^usage_daily([-_].*)?\.csv(\.gz)?$/i, crmUsageDaily],
] as const;

/** The B2B SaaS CRM: accounts, contacts, leads, opportunities with stage history, daily usage. */
export const crmConnector: Connector = {
  name: 'crm',
  description:
    'CRM exports: accounts.csv, contacts.csv, leads.csv, opportunities.csv, opportunity_stage_history.csv, usage_daily.csv',
  classify(path) {
    const name = path.split(/[\\/]/).pop() ?? '';
    return KINDS.find(([pattern]) => pattern.test(name))?.[1] ?? null;
  },
};
