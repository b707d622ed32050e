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
const LEAD_HEADER =
  'lead_id,name,company,phone,email,source,status,created_at,converted_contact_id,mql_at,sql_at,converted_at';
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
/**
 * Median days from lead to MQL by lead source: trial sign-ups and referrals are hot, trade-show
 * cards wait for the follow-up after the show.
 */
const DAYS_TO_MQL: Readonly<Record<string, number>> = {
  官网注册: 1,
  展会: 4,
  转介绍: 0.3,
  线上广告: 2,
  免费试用: 0.5,
};
/** Median days from MQL to SQL (sales accepts) and from SQL to conversion (opportunity). */
const DAYS_TO_SQL = 6;
const DAYS_TO_CONVERT = 12;
/** Funnel statuses in order, with how many stage timestamps each implies (MQL, SQL, converted). */
const REACHED: Readonly<Record<string, number>> = { new: 0, working: 1, qualified: 2, converted: 3 };
const STATUS_AT = ['new', 'working', 'qualified', 'converted'] as const;

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
      const wonOver = account !== undefined && rng.chance(0.7);
      const given = wonOver ? 'converted' : rng.pick(['new', 'working', 'qualified', 'disqualified']);
      const name = noisyName(rng, p.name, NOISE.crm);
      const phone = noisyPhone(rng, p.phone, NOISE.crm);
      const email = noisyEmail(rng, rng.chance(0.5) && p.workEmail ? p.workEmail : p.email, NOISE.crm);
      const source = LEAD_SOURCES.pick(rng);
      const created = leadDay * 86_400 + officeSecond(rng);
      // When the lead became MQL, SQL and converted, as CRMs stamp them; a disqualified lead may
      // have got some way first. A stage after the end of the window has not happened: the
      // status is the last stage reached.
      const reach =
        given === 'disqualified' ? (rng.chance(0.4) ? (rng.chance(0.3) ? 2 : 1) : 0) : (REACHED[given] ?? 0);
      const stamps: number[] = [];
      let t = created;
      const medians = [DAYS_TO_MQL[source] ?? 1, DAYS_TO_SQL, DAYS_TO_CONVERT];
      for (let k = 0; k < reach; k++) {
        t += Math.round(86_400 * rng.lognormal(Math.log(medians[k] as number), 0.8));
        if (t >= cal.days * 86_400) break;
        stamps.push(t);
      }
      const status = given === 'disqualified' ? given : (STATUS_AT[stamps.length] as string);
      const converted = status === 'converted';
      // Converting a lead opens an opportunity on its account (written with the account files).
      if (converted && account) (this.world.conversionsByAccount[account.index] ??= []).push(stamps[2]!);
      this.leads.line(
        csvRow([
          leadId,
          name,
          company,
          phone,
          email,
          source,
          status,
          cal.local(created),
          converted ? contactId : '',
          ...[0, 1, 2].map((k) => (stamps[k] === undefined ? '' : cal.local(stamps[k] as number))),
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
