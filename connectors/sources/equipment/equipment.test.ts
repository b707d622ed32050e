import { describe, expect, it } from 'vitest';
import { ENGINES, type Engine } from '../../../test/engines.ts';
import { writeTree } from '../../../test/files.ts';
import { warehousePerTest } from '../../../test/warehouse-per-test.ts';
import { sql, type Warehouse } from '../../../warehouse/index.ts';
import { ingest } from '../../index.ts';
import { equipmentConnector } from './connector.ts';

const FILES = {
  'equipment/machines.csv': [
    'serial_no,account_code,model,category,installed_on,warranty_until',
    'VMC850-000001,AC1,VMC-850,machining_centre,2023-06-13,2025-06-12',
    'VMC850-000002,,VMC-850,machining_centre,2023-06-13,2025-06-12',
  ].join('\n'),
  'equipment/telemetry_daily.csv': [
    'serial_no,account_code,date,scheduled_hours,running_hours,cycles,alarms',
    'VMC850-000001,AC1,2025-03-01,16,12.5,78,1',
    // a bad scheduled value is dropped and noted; bad running hours fail the record
    'VMC850-000001,AC1,2025-03-02,30,12,78,0',
    'VMC850-000001,AC1,2025-03-03,16,25,78,0',
    'VMC850-000001,AC1,2025-03-04,16,,78,0',
  ].join('\n'),
  'equipment/failures.csv': [
    'failure_id,serial_no,account_code,occurred_at,fault_code,description,downtime_hours,resolved_at',
    'F1,VMC850-000001,AC1,2025-03-02 12:11:31,E310,刀库换刀故障,3.5,2025-03-02 15:41:31',
    'F2,VMC850-000001,AC1,2025-03-05 09:00:00,E101,主轴过热,-2,',
  ].join('\n'),
  'equipment/service_visits.csv': [
    'visit_id,serial_no,account_code,kind,failure_id,visited_at,hours,engineer',
    'SV1,VMC850-000001,AC1,Repair,F1,2025-03-02 16:36:03,5,王工',
    'SV2,VMC850-000001,AC1,inspection,,2025-03-03 10:00:00,1,李工',
  ].join('\n'),
  'equipment/parts_orders.csv': [
    'order_no,account_code,ordered_at,category,sku,description,quantity,unit_price,amount,currency',
    'PO1,AC1,2025-02-05 09:04:18,consumables,CL-20,切削液浓缩液 20L,5,680.00,"3,400.00",',
    'PO2,AC1,2025-02-06 09:04:18,spare parts,SP-1,主轴轴承组件,1,4800,,CNY',
  ].join('\n'),
};

describe.each(ENGINES)('equipment connector on %s', (engine: Engine) => {
  const open = warehousePerTest(engine);
  const run = (w: Warehouse, paths: string[]) =>
    ingest(w, equipmentConnector, paths, { timezone: 'Asia/Shanghai' });

  it('loads machines, telemetry, failures, visits and parts orders as events of their account, quarantining bad records with the field named', async () => {
    const w = await open('equipment');
    const report = await run(w, [writeTree(FILES)]);
    const byFile = Object.fromEntries(report.files.map((f) => [f.path.split('/').pop(), f]));
    expect(byFile['machines.csv']).toMatchObject({ read: 2, loaded: 1, quarantined: 1 });
    expect(byFile['telemetry_daily.csv']).toMatchObject({ read: 4, loaded: 2, quarantined: 2 });
    expect(byFile['parts_orders.csv']).toMatchObject({ read: 2, loaded: 1, quarantined: 1 });
    const { rows } = await w.query(
      sql`SELECT event_id, event_type, occurred_at, account_code, status, attributes FROM core.events ORDER BY event_type, event_id`,
    );
    expect(rows).toEqual([
      {
        event_id: 'failure:F1',
        event_type: 'failure',
        occurred_at: new Date('2025-03-02T04:11:31Z'),
        account_code: 'AC1',
        status: 'resolved',
        attributes: {
          serial_no: 'VMC850-000001',
          fault_code: 'E310',
          description: '刀库换刀故障',
          downtime_hours: 3.5,
          resolved_at: '2025-03-02T07:41:31.000Z',
        },
      },
      {
        event_id: 'failure:F2',
        event_type: 'failure',
        occurred_at: new Date('2025-03-05T01:00:00Z'),
        account_code: 'AC1',
        status: 'open',
        attributes: {
          serial_no: 'VMC850-000001',
          fault_code: 'E101',
          description: '主轴过热',
          downtime_hours: null,
          resolved_at: null,
          invalid_fields: { downtime_hours: 'downtime_hours "-2" is not hours; expected 0 or more' },
        },
      },
      {
        event_id: 'machine:VMC850-000001',
        event_type: 'installation',
        occurred_at: new Date('2023-06-12T16:00:00Z'),
        account_code: 'AC1',
        status: null,
        attributes: {
          serial_no: 'VMC850-000001',
          model: 'VMC-850',
          category: 'machining_centre',
          installed_on: '2023-06-13',
          warranty_until: '2025-06-12',
        },
      },
      {
        event_id: 'parts_order:PO1',
        event_type: 'parts_order',
        occurred_at: new Date('2025-02-05T01:04:18Z'),
        account_code: 'AC1',
        status: null,
        attributes: {
          category: 'consumables',
          sku: 'CL-20',
          description: '切削液浓缩液 20L',
          quantity: 5,
          unit_price: '680.00',
          amount: '3400.00',
          currency: 'CNY',
        },
      },
      {
        event_id: 'visit:SV1',
        event_type: 'service_visit',
        occurred_at: new Date('2025-03-02T08:36:03Z'),
        account_code: 'AC1',
        status: null,
        attributes: {
          serial_no: 'VMC850-000001',
          kind: 'repair',
          failure_id: 'F1',
          hours: 5,
          engineer: '王工',
        },
      },
      {
        event_id: 'telemetry:VMC850-000001:2025-03-01',
        event_type: 'telemetry',
        occurred_at: new Date('2025-02-28T16:00:00Z'),
        account_code: 'AC1',
        status: null,
        attributes: {
          serial_no: 'VMC850-000001',
          date: '2025-03-01',
          scheduled_hours: 16,
          running_hours: 12.5,
          cycles: 78,
          alarms: 1,
        },
      },
      {
        event_id: 'telemetry:VMC850-000001:2025-03-02',
        event_type: 'telemetry',
        occurred_at: new Date('2025-03-01T16:00:00Z'),
        account_code: 'AC1',
        status: null,
        attributes: {
          serial_no: 'VMC850-000001',
          date: '2025-03-02',
          scheduled_hours: null,
          running_hours: 12,
          cycles: 78,
          alarms: 0,
          invalid_fields: { scheduled_hours: 'scheduled_hours "30" is not hours of a day; expected 0 to 24' },
        },
      },
    ]);
    const quarantine = await w.query(
      sql`SELECT path, line, reason_code, message FROM ops.quarantine ORDER BY path, line`,
    );
    expect(
      quarantine.rows.map((r) => [String(r.path).split('/').pop(), r.line, r.reason_code, r.message]),
    ).toEqual([
      ['machines.csv', 3, 'missing_field', 'account_code is empty; the record needs it'],
      ['parts_orders.csv', 3, 'missing_field', 'amount is empty; the record needs it'],
      ['service_visits.csv', 3, 'invalid_record', 'kind "inspection" is not one of repair, preventive'],
      ['telemetry_daily.csv', 4, 'bad_number', 'running_hours "25" is not hours of a day; expected 0 to 24'],
      ['telemetry_daily.csv', 5, 'missing_field', 'running_hours is empty; the record needs it'],
    ]);
    // A second run of the same files changes nothing; the same records in a new file are duplicates.
    const again = await run(w, [writeTree(FILES)]);
    expect(again.files.every((f) => f.loaded === 0)).toBe(true);
    const newFile = await run(w, [
      writeTree({ 'equipment/telemetry_daily-2.csv': `${FILES['equipment/telemetry_daily.csv']}\n` }),
    ]);
    expect(newFile.files[0]).toMatchObject({ read: 4, loaded: 0, quarantined: 2, duplicates: 2 });
    expect((await w.query(sql`SELECT count(*) AS n FROM core.events`)).rows[0]!.n).toBe(7);
  });
});
