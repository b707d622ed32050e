import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGINES, type Engine } from '../../../test/engines.ts';
import { warehousePerTest } from '../../../test/warehouse-per-test.ts';
import { generatedSample, groundTruthKeys } from '../../../test/generated.ts';
import { writeTree } from '../../../test/files.ts';
import { sql, type Warehouse } from '../../../warehouse/index.ts';
import { ingest } from '../../index.ts';
import { crmConnector } from './connector.ts';

const ACCOUNTS = [
  'account_code,name,parent_account_code,level,industry,city,tier,contract_start,renewal_date,seats,status,churned_at',
  'AC1,恒信商贸集团有限公司,,group,零售,上海市,KA,,,,active,',
  'AC2,恒信商贸(杭州)有限公司,AC1,subsidiary,零售,杭州市,A,2024-03-01,2026-03-01,40,active,',
  // no level: a child of a subsidiary is a site
  'AC3,恒信商贸杭州西湖区分部,AC2,,零售,杭州市,B,2024-03-01,2026-03-01,12,active,',
  'AC4,长沙瑞丰教育科技有限公司,,standalone,教育,长沙市,C,2024-02-16,2025-02-15,35,churned,2025-02-15',
  'AC5,,,standalone,教育,长沙市,C,2024-02-16,2025-02-15,35,active,',
  // no level and no parent: the top of its hierarchy; a churn date without status means churned;
  // bad seats and contract start are dropped and noted
  'AC6,沈阳鼎盛精密制造有限公司,,,制造,沈阳市,B,2024-02-30,2025-01-01,ten,,2025-01-01',
  'AC7,恒信,AC1',
  // an unknown level is noted and derived from the hierarchy instead
  'AC8,恒信商贸(宁波)有限公司,AC1,division,零售,宁波市,B,2024-03-01,2026-03-01,8,active,',
].join('\n');
const CONTACTS = [
  'contact_id,account_code,name,phone,email,title,created_at',
  'CT1,AC2,张伟,0086 139 1234 5678, ZHANG.WEI@Hengxin.com ,采购经理,2025-01-05 10:00:00',
  'CT2,AC2,Jason Li,12345,purchase@hengxin.com,CTO,2025-01-06 10:00:00',
  ',AC2,王芳,13912345670,,CTO,2025-01-06 10:00:00',
].join('\n');
const LEADS = [
  'lead_id,name,company,phone,email,source,status,created_at,converted_contact_id,mql_at,sql_at,converted_at',
  'LD1,张伟,恒信商贸(杭州)有限公司,139 1234 5678,zw@qq.com,展会,Converted,2025-01-01 09:00:00,CT1,2025-01-03 15:30:00,2025-01-08 10:00:00,2025-01-20 11:00:00',
  // a garbled stage time is noted, not fatal
  'LD2,Emma,长春供应链有限公司,,,官网注册,new,2025-01-02 09:00:00,,soon,,',
  'LD3,李娜,长春供应链有限公司,13912345671',
].join('\n');
const OPPORTUNITIES = [
  'opportunity_id,account_code,name,amount,currency,stage,forecast_category,probability,close_date,created_at',
  'OP1,AC2,恒信 续约,"48,000",CNY,Negotiation,Commit,75,2025-03-01,2024-12-01 10:00:00',
  'OP2,AC4,瑞丰 续约,63000,,Closed Lost,Omitted,0,2025-02-15,2024-12-23 09:32:06',
  'OP3,AC2,恒信 增购,lots,CNY,Prospecting,Pipeline,10,2025-05-01,2025-01-10 10:00:00',
  ',AC2,恒信 增购,1000,CNY,Prospecting,Pipeline,10,2025-05-01,2025-01-10 10:00:00',
].join('\n');
const STAGES = [
  'opportunity_id,stage,forecast_category,amount,changed_at',
  'OP1,Prospecting,Pipeline,48000,2024-12-01 10:00:00',
  'OP1,Qualification,Pipeline,48000,2024-12-10 10:00:00',
  'OP1,Negotiation,Commit,48000,2025-01-10 10:00:00',
  'OP2,Prospecting,Pipeline,63000,2024-12-23 09:32:06',
  'OP2,Closed Lost,Omitted,63000,soon',
  'OP2,Closed Lost,Omitted,63000,2025-02-15 10:00:00',
].join('\n');
const USAGE = [
  'account_code,date,active_users,seats,feature_reports,feature_automation,feature_api_calls,feature_mobile_sessions',
  'AC2,2025-03-01,30,40,21,3,186,24',
  'AC2,2025-03-02,-1,40,0,0,0,0',
  'AC2,2025-02-30,30,40,21,3,186,24',
  'AC3,2025-03-01,5,12,2,x,10,1',
  ',2025-03-01,5,12,2,1,10,1',
].join('\n');

describe.each(ENGINES)('crm connector on %s', (engine: Engine) => {
  const open = warehousePerTest(engine);
  const run = (w: Warehouse, paths: string[]) =>
    ingest(w, crmConnector, paths, { timezone: 'Asia/Shanghai' });
  const quarantine = async (w: Warehouse) =>
    (
      await w.query(
        sql`SELECT path, record_no, reason_code, message FROM ops.quarantine ORDER BY path, record_no`,
      )
    ).rows.map((r) => [String(r.path).split('/').pop(), r.record_no, r.reason_code, r.message]);

  it('loads accounts with their hierarchy, deriving missing levels, and churn', async () => {
    const w = await open('crm_accounts');
    const report = await run(w, [writeTree({ 'crm/accounts.csv': ACCOUNTS })]);
    expect(report.files[0]).toMatchObject({ read: 8, loaded: 6, quarantined: 2, duplicates: 0 });
    const { rows } = await w.query(
      sql`SELECT account_code, name, parent_account_code, level, industry, city, tier, status, contract_start, renewal_date, churned_at, attributes FROM core.accounts ORDER BY account_code`,
    );
    expect(rows).toEqual([
      {
        account_code: 'AC1',
        name: '恒信商贸集团有限公司',
        parent_account_code: null,
        level: 'group',
        industry: '零售',
        city: '上海市',
        tier: 'KA',
        status: 'active',
        contract_start: null,
        renewal_date: null,
        churned_at: null,
        attributes: { seats: null },
      },
      {
        account_code: 'AC2',
        name: '恒信商贸(杭州)有限公司',
        parent_account_code: 'AC1',
        level: 'subsidiary',
        industry: '零售',
        city: '杭州市',
        tier: 'A',
        status: 'active',
        contract_start: '2024-03-01',
        renewal_date: '2026-03-01',
        churned_at: null,
        attributes: { seats: 40 },
      },
      {
        account_code: 'AC3',
        name: '恒信商贸杭州西湖区分部',
        parent_account_code: 'AC2',
        level: 'site',
        industry: '零售',
        city: '杭州市',
        tier: 'B',
        status: 'active',
        contract_start: '2024-03-01',
        renewal_date: '2026-03-01',
        churned_at: null,
        attributes: { seats: 12 },
      },
      {
        account_code: 'AC4',
        name: '长沙瑞丰教育科技有限公司',
        parent_account_code: null,
        level: 'group',
        industry: '教育',
        city: '长沙市',
        tier: 'C',
        status: 'churned',
        contract_start: '2024-02-16',
        renewal_date: '2025-02-15',
        churned_at: '2025-02-15',
        attributes: { seats: 35, source_level: 'standalone' },
      },
      {
        account_code: 'AC6',
        name: '沈阳鼎盛精密制造有限公司',
        parent_account_code: null,
        level: 'group',
        industry: '制造',
        city: '沈阳市',
        tier: 'B',
        status: 'churned',
        contract_start: null,
        renewal_date: '2025-01-01',
        churned_at: '2025-01-01',
        attributes: {
          seats: null,
          invalid_fields: {
            seats: expect.stringContaining('"ten"'),
            contract_start: expect.stringContaining('"2024-02-30" is impossible'),
          },
        },
      },
      {
        account_code: 'AC8',
        name: '恒信商贸(宁波)有限公司',
        parent_account_code: 'AC1',
        level: 'subsidiary',
        industry: '零售',
        city: '宁波市',
        tier: 'B',
        status: 'active',
        contract_start: '2024-03-01',
        renewal_date: '2026-03-01',
        churned_at: null,
        attributes: {
          seats: 8,
          source_level: 'division',
          invalid_fields: { level: 'level "division" is not group, subsidiary, site or standalone' },
        },
      },
    ]);
    expect(await quarantine(w)).toEqual([
      ['accounts.csv', 5, 'missing_field', 'name is empty; the record needs it'],
      [
        'accounts.csv',
        7,
        'parse_error',
        expect.stringMatching(/^line 8: has 3 fields; expected 12 \(account_code, name, /),
      ],
    ]);
  });

  it('updates an account that churned since the last export', async () => {
    const w = await open('crm_accounts_update');
    await run(w, [writeTree({ 'accounts.csv': ACCOUNTS })]);
    const churned = ACCOUNTS.replace(
      '2024-03-01,2026-03-01,40,active,',
      '2024-03-01,2026-03-01,40,churned,2025-03-01',
    );
    const r = await run(w, [writeTree({ 'accounts.csv': churned })]);
    expect(r.files[0]).toMatchObject({ read: 8, loaded: 1, quarantined: 2, duplicates: 5 });
    const { rows } = await w.query(
      sql`SELECT status, churned_at FROM core.accounts WHERE account_code = 'AC2'`,
    );
    expect(rows).toEqual([{ status: 'churned', churned_at: '2025-03-01' }]);
  });

  it('loads contacts and leads as source records', async () => {
    const w = await open('crm_people');
    const report = await run(w, [writeTree({ 'crm/contacts.csv': CONTACTS, 'crm/leads.csv': LEADS })]);
    expect(report.files.map((f) => [f.read, f.loaded, f.quarantined, f.duplicates])).toEqual([
      [3, 2, 1, 0],
      [3, 2, 1, 0],
    ]);
    const { rows } = await w.query(
      sql`SELECT source_key, full_name, family_name, given_name, phone, phones, email, emails, account_code, source_created_at, source_updated_at, attributes FROM core.source_records ORDER BY source_key`,
    );
    expect(rows).toEqual([
      {
        source_key: 'crm_contact:CT1',
        full_name: '张伟',
        family_name: '张',
        given_name: '伟',
        phone: '+8613912345678',
        phones: ['+8613912345678'],
        email: 'zhang.wei@hengxin.com',
        emails: ['zhang.wei@hengxin.com'],
        account_code: 'AC2',
        source_created_at: new Date('2025-01-05T02:00:00Z'),
        source_updated_at: new Date('2025-01-05T02:00:00Z'),
        attributes: { title: '采购经理' },
      },
      {
        source_key: 'crm_contact:CT2',
        full_name: 'Jason Li',
        family_name: null,
        given_name: null,
        phone: null,
        phones: null,
        email: 'purchase@hengxin.com',
        emails: ['purchase@hengxin.com'],
        account_code: 'AC2',
        source_created_at: new Date('2025-01-06T02:00:00Z'),
        source_updated_at: new Date('2025-01-06T02:00:00Z'),
        attributes: { title: 'CTO', invalid_fields: { phone: expect.stringContaining('"12345"') } },
      },
      {
        source_key: 'crm_lead:LD1',
        full_name: '张伟',
        family_name: '张',
        given_name: '伟',
        phone: '+8613912345678',
        phones: ['+8613912345678'],
        email: 'zw@qq.com',
        emails: ['zw@qq.com'],
        account_code: null,
        source_created_at: new Date('2025-01-01T01:00:00Z'),
        source_updated_at: new Date('2025-01-01T01:00:00Z'),
        attributes: {
          company: '恒信商贸(杭州)有限公司',
          lead_source: '展会',
          lead_status: 'converted',
          converted_contact_id: 'CT1',
          mql_at: '2025-01-03T07:30:00.000Z',
          sql_at: '2025-01-08T02:00:00.000Z',
          converted_at: '2025-01-20T03:00:00.000Z',
        },
      },
      {
        source_key: 'crm_lead:LD2',
        full_name: 'Emma',
        family_name: null,
        given_name: null,
        phone: null,
        phones: null,
        email: null,
        emails: null,
        account_code: null,
        source_created_at: new Date('2025-01-02T01:00:00Z'),
        source_updated_at: new Date('2025-01-02T01:00:00Z'),
        attributes: {
          company: '长春供应链有限公司',
          lead_source: '官网注册',
          lead_status: 'new',
          converted_contact_id: null,
          mql_at: null,
          sql_at: null,
          converted_at: null,
          invalid_fields: { mql_at: expect.stringContaining('"soon"') },
        },
      },
    ]);
    expect(await quarantine(w)).toEqual([
      ['contacts.csv', 3, 'missing_field', 'contact_id is empty; the record needs it'],
      ['leads.csv', 3, 'parse_error', expect.stringMatching(/^line 4: has 4 fields; expected 12/)],
    ]);
    // A re-export where a contact changed their phone: that contact is updated, the other is a duplicate.
    const changed = CONTACTS.replace('0086 139 1234 5678', '13800001111');
    const r = await run(w, [writeTree({ 'contacts.csv': changed })]);
    expect(r.files[0]).toMatchObject({ read: 3, loaded: 1, quarantined: 1, duplicates: 1 });
    const { rows: now } = await w.query(
      sql`SELECT phone FROM core.source_records WHERE source_key = 'crm_contact:CT1'`,
    );
    expect(now).toEqual([{ phone: '+8613800001111' }]);
  });

  it('loads opportunities and their stage history, each change knowing the stage before it', async () => {
    const w = await open('crm_pipeline');
    const report = await run(w, [
      writeTree({ 'crm/opportunities.csv': OPPORTUNITIES, 'crm/opportunity_stage_history.csv': STAGES }),
    ]);
    expect(report.files.map((f) => [f.path.split('/').pop(), f.read, f.loaded, f.quarantined])).toEqual([
      ['opportunities.csv', 4, 2, 2],
      ['opportunity_stage_history.csv', 6, 5, 1],
    ]);
    const { rows: opps } = await w.query(
      sql`SELECT opportunity_id, account_code, name, stage, forecast_category, amount, currency, close_date, created_at, updated_at FROM core.opportunities ORDER BY opportunity_id`,
    );
    expect(opps).toEqual([
      {
        opportunity_id: 'OP1',
        account_code: 'AC2',
        name: '恒信 续约',
        stage: 'Negotiation',
        forecast_category: 'Commit',
        amount: 48000,
        currency: 'CNY',
        close_date: '2025-03-01',
        created_at: new Date('2024-12-01T02:00:00Z'),
        updated_at: null,
      },
      {
        opportunity_id: 'OP2',
        account_code: 'AC4',
        name: '瑞丰 续约',
        stage: 'Closed Lost',
        forecast_category: 'Omitted',
        amount: 63000,
        currency: 'CNY',
        close_date: '2025-02-15',
        created_at: new Date('2024-12-23T01:32:06Z'),
        updated_at: null,
      },
    ]);
    const { rows: events } = await w.query(
      sql`SELECT event_id, event_type, occurred_at, status, attributes FROM core.events ORDER BY occurred_at`,
    );
    expect(
      events.map((e) => [e.event_id, e.status, (e.attributes as { from_stage: unknown }).from_stage]),
    ).toEqual([
      ['OP1:Prospecting:2024-12-01T02:00:00.000Z', 'Prospecting', null],
      ['OP1:Qualification:2024-12-10T02:00:00.000Z', 'Qualification', 'Prospecting'],
      ['OP2:Prospecting:2024-12-23T01:32:06.000Z', 'Prospecting', null],
      ['OP1:Negotiation:2025-01-10T02:00:00.000Z', 'Negotiation', 'Qualification'],
      ['OP2:Closed Lost:2025-02-15T02:00:00.000Z', 'Closed Lost', 'Prospecting'],
    ]);
    expect(events[3]).toMatchObject({
      event_type: 'opportunity_stage',
      occurred_at: new Date('2025-01-10T02:00:00Z'),
      attributes: {
        opportunity_id: 'OP1',
        from_stage: 'Qualification',
        stage: 'Negotiation',
        forecast_category: 'Commit',
        amount: '48000.00',
      },
    });
    expect(await quarantine(w)).toEqual([
      ['opportunities.csv', 3, 'bad_amount', expect.stringMatching(/^amount: amount "lots" is not a number/)],
      ['opportunities.csv', 4, 'missing_field', 'opportunity_id is empty; the record needs it'],
      [
        'opportunity_stage_history.csv',
        5,
        'bad_timestamp',
        expect.stringMatching(/^changed_at: timestamp "soon" is not in a recognised form/),
      ],
    ]);
    // A later export moves OP1 on: the opportunity is updated, the earlier rows are duplicates.
    const won = OPPORTUNITIES.replace('Negotiation,Commit,75', 'Closed Won,Closed,100');
    const r = await run(w, [writeTree({ 'opportunities.csv': won })]);
    expect(r.files[0]).toMatchObject({ read: 4, loaded: 1, quarantined: 2, duplicates: 1 });
    const { rows } = await w.query(sql`SELECT stage FROM core.opportunities WHERE opportunity_id = 'OP1'`);
    expect(rows).toEqual([{ stage: 'Closed Won' }]);
  });

  it('loads daily usage as events at the start of the day, with a count per feature', async () => {
    const w = await open('crm_usage');
    const report = await run(w, [writeTree({ 'crm/usage_daily.csv': USAGE })]);
    expect(report.files[0]).toMatchObject({ read: 5, loaded: 2, quarantined: 3, duplicates: 0 });
    const { rows } = await w.query(
      sql`SELECT event_id, event_type, occurred_at, account_code, source_key, attributes FROM core.events ORDER BY event_id`,
    );
    expect(rows).toEqual([
      {
        event_id: 'usage:AC2:2025-03-01',
        event_type: 'usage',
        occurred_at: new Date('2025-02-28T16:00:00Z'),
        account_code: 'AC2',
        source_key: null,
        attributes: {
          date: '2025-03-01',
          active_users: 30,
          seats: 40,
          features: { reports: 21, automation: 3, api_calls: 186, mobile_sessions: 24 },
        },
      },
      {
        event_id: 'usage:AC3:2025-03-01',
        event_type: 'usage',
        occurred_at: new Date('2025-02-28T16:00:00Z'),
        account_code: 'AC3',
        source_key: null,
        attributes: {
          date: '2025-03-01',
          active_users: 5,
          seats: 12,
          features: { reports: 2, automation: null, api_calls: 10, mobile_sessions: 1 },
          invalid_fields: { feature_automation: expect.stringContaining('"x"') },
        },
      },
    ]);
    expect(await quarantine(w)).toEqual([
      [
        'usage_daily.csv',
        2,
        'bad_number',
        'active_users "-1" is not a count; expected a whole number, 0 or more',
      ],
      ['usage_daily.csv', 3, 'bad_date', expect.stringMatching(/^date: date "2025-02-30" is impossible/)],
      ['usage_daily.csv', 5, 'missing_field', 'account_code is empty; the record needs it'],
    ]);
  });

  it('skips files already loaded and ignores files it does not know', async () => {
    const w = await open('crm_idem');
    const dir = writeTree({ 'crm/usage_daily.csv': USAGE, 'crm/notes.txt': 'hello' });
    const first = await run(w, [dir]);
    expect(first.ignored).toEqual(['crm/notes.txt']);
    const again = await run(w, [dir]);
    expect(again.totals).toMatchObject({ read: 0, skippedFiles: 1 });
  });

  it('ingests a generated data set: every file loads and reconciles, nothing is quarantined, every contact and lead key is a source record', async () => {
    const w = await open('crm_generated');
    const { dir, manifest } = await generatedSample(11);
    const report = await run(w, [join(dir, 'crm')]);
    const rowsOf = new Map(
      manifest.files.filter((f) => f.feed === 'crm').map((e) => [e.path.split('/').pop(), e.rows]),
    );
    expect(report.files.map((f) => [f.path.split('/').pop(), f.status, f.read])).toEqual(
      [...rowsOf].sort().map(([name, rows]) => [name, 'loaded', rows]),
    );
    for (const f of report.files) expect(f.read).toBe(f.loaded + f.quarantined + f.duplicates);
    const { rows: bad } = await w.query(
      sql`SELECT count(*) AS n FROM ops.ingested_files WHERE records_read <> records_loaded + records_quarantined + duplicates_skipped`,
    );
    expect(bad[0]?.n).toBe(0);
    // The generator breaks no CRM record on purpose, so the quarantine holds exactly none.
    expect(manifest.invalidRecords.filter((r) => r.path.startsWith('crm/'))).toEqual([]);
    const { rows: q } = await w.query(sql`SELECT path, line, reason_code, message FROM ops.quarantine`);
    expect(q).toEqual([]);
    const counts = manifest.counts.crm ?? {};
    const { rows: accounts } = await w.query(
      sql`SELECT status, count(*) AS n, count(churned_at) AS dated FROM core.accounts GROUP BY status ORDER BY status`,
    );
    expect(accounts).toEqual([
      { status: 'active', n: counts.accounts_active, dated: 0 },
      { status: 'churned', n: counts.accounts_churned, dated: counts.accounts_churned },
    ]);
    const { rows: orphans } = await w.query(
      sql`SELECT count(*) AS n FROM core.accounts a WHERE parent_account_code IS NOT NULL AND NOT EXISTS (SELECT 1 FROM core.accounts p WHERE p.account_code = a.parent_account_code)`,
    );
    expect(orphans[0]?.n).toBe(0);
    const { rows: opps } = await w.query(sql`SELECT count(*) AS n FROM core.opportunities`);
    expect(opps[0]?.n).toBe(counts.opportunities);
    const { rows: events } = await w.query(
      sql`SELECT event_type, count(*) AS n FROM core.events GROUP BY event_type ORDER BY event_type`,
    );
    expect(events).toEqual([
      { event_type: 'opportunity_stage', n: rowsOf.get('opportunity_stage_history.csv') },
      { event_type: 'usage', n: counts.usage_rows },
    ]);
    const { rows: keys } = await w.query(
      sql`SELECT source_key FROM core.source_records WHERE source = 'crm'`,
    );
    const loaded = new Set(keys.map((r) => r.source_key));
    const truth = groundTruthKeys(dir, 'crm');
    expect(truth.length).toBe(counts.ground_truth_keys);
    expect(truth.length).toBe((counts.contacts ?? 0) + (counts.leads ?? 0));
    expect(truth.filter((k) => !loaded.has(k))).toEqual([]);
    expect(loaded.size).toBe(truth.length);
  });
});
