// crm/: the SaaS vendor's CRM. contacts.csv and leads.csv are written in the person pass (contacts often
// put the account's shared mailbox down as their email: a hard negative for email matching); accounts,
// opportunities with their stage history, and daily product usage are account-level and written after.

import { noisyEmail, noisyName, noisyPhone, NOISE } from './noise.ts';
import type { Person } from './person.ts';
import { rngFor, Weighted } from './random.ts';
import { officeSecond } from './seasonality.ts';
import { STREAM } from './streams.ts';
import type { World } from './world.ts';
import type { LineSink } from './writer.ts';
import { csvRow } from './writer.ts';

const CONTACT_HEADER = 'contact_id,account_code,name,phone,email,title,created_at';
const LEAD_HEADER = 'lead_id,name,company,phone,email,source,status,created_at,converted_contact_id';
const TITLES = [
  '采购经理',
  'IT经理',
  '总经理',
  '财务总监',
  '运营主管',
  '行政专员',
  'CTO',
  '市场总监',
  '门店经理',
  '数据分析师',
];
const LEAD_SOURCES = new Weighted([
  ['官网注册', 30],
  ['展会', 15],
  ['转介绍', 20],
  ['线上广告', 20],
  ['免费试用', 15],
] as const);
const COMPANY_WORDS = ['科技', '贸易', '咨询', '文化传媒', '电子商务', '供应链'];

/** Writes contacts.csv and leads.csv during the person pass. */
export class CrmPeopleFeed {
  private contactSeq = 0;
  private leadSeq = 0;

  private constructor(
    private readonly world: World,
    private readonly contacts: LineSink,
    private readonly leads: LineSink,
  ) {}

  static open(world: World): CrmPeopleFeed {
    return new CrmPeopleFeed(
      world,
      world.output.open('crm/contacts.csv', 'crm', CONTACT_HEADER),
      world.output.open('crm/leads.csv', 'crm', LEAD_HEADER),
    );
  }

  /** The contact row (B2B contacts) and lead row (leads) of one person. */
  onPerson(p: Person): void {
    const { ctx, gt, counts, contactsByAccount } = this.world;
    const { cal } = ctx;
    const i = p.core.index;
    const rng = rngFor(ctx.seed, STREAM.lead, i);
    const account = p.core.account >= 0 ? ctx.accounts[p.core.account] : undefined;
    const leadDay = Math.max(0, p.core.acqDay - rng.int(60));
    let contactId = '';
    if (account) {
      contactId = `CT${String(++this.contactSeq).padStart(7, '0')}`;
      const mailbox = rng.chance(0.3)
        ? account.genericEmail
        : rng.chance(0.85)
          ? p.workEmail
          : p.email || p.workEmail;
      const phone = rng.chance(0.1)
        ? ''
        : noisyPhone(rng, p.phone2 && rng.chance(0.5) ? p.phone2 : p.phone, NOISE.crm);
      this.contacts.line(
        csvRow([
          contactId,
          account.code,
          noisyName(rng, p.name, NOISE.crm),
          phone,
          rng.chance(0.05) ? '' : noisyEmail(rng, mailbox, NOISE.crm),
          rng.pick(TITLES),
          cal.local(p.core.acqDay * 86_400 + officeSecond(rng)),
        ]),
      );
      (contactsByAccount[account.index] ??= []).push(i);
      gt.add('crm', `crm_contact:${contactId}`, i, account.code);
      counts.add('crm', 'contacts');
    }
    if (p.core.lead) {
      const leadId = `LD${String(++this.leadSeq).padStart(7, '0')}`;
      const company = account
        ? account.name
        : `${p.address.city.replace(/市$/, '')}${rng.pick(COMPANY_WORDS)}有限公司`;
      const converted = account !== undefined && rng.chance(0.7);
      const status = converted ? 'converted' : rng.pick(['new', 'working', 'qualified', 'disqualified']);
      this.leads.line(
        csvRow([
          leadId,
          noisyName(rng, p.name, NOISE.crm),
          company,
          noisyPhone(rng, p.phone, NOISE.crm),
          noisyEmail(rng, rng.chance(0.5) && p.workEmail ? p.workEmail : p.email, NOISE.crm),
          LEAD_SOURCES.pick(rng),
          status,
          cal.local(leadDay * 86_400 + officeSecond(rng)),
          converted ? contactId : '',
        ]),
      );
      gt.add('crm', `crm_lead:${leadId}`, i, account?.code ?? '');
      counts.add('crm', 'leads');
    }
  }

  async drain(): Promise<void> {
    await this.contacts.drain();
    await this.leads.drain();
  }

  async close(): Promise<void> {
    await this.contacts.close();
    await this.leads.close();
  }
}
