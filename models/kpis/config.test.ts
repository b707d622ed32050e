import { describe, expect, it } from 'vitest';
import { DEFAULT_KPI_CONFIG, KpiConfigSchema, type KpiConfigInput } from './config.ts';

const problems = (input: unknown): string[] => {
  const r = KpiConfigSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('KPI config', () => {
  it('defaults to the generator SLA targets, a 09:00-18:00 Monday-Friday calendar and a 91-day window', () => {
    expect(DEFAULT_KPI_CONFIG.windowDays).toBe(91);
    expect(DEFAULT_KPI_CONFIG.service.sla.P1).toEqual({
      firstResponseHours: 0.25,
      resolutionHours: 4,
      clock: '24x7',
    });
    expect(DEFAULT_KPI_CONFIG.service.sla.P4).toEqual({
      firstResponseHours: 8,
      resolutionHours: 120,
      clock: 'business',
    });
    expect(DEFAULT_KPI_CONFIG.service.calendar).toEqual({
      open: '09:00',
      close: '18:00',
      workingDays: [1, 2, 3, 4, 5],
      holidays: [],
      extraWorkdays: [],
    });
    expect(DEFAULT_KPI_CONFIG.healthcare.revisitDays).toEqual([30, 90]);
  });

  it('overriding one priority keeps the others', () => {
    const input: KpiConfigInput = {
      service: { sla: { P2: { firstResponseHours: 2, resolutionHours: 48 } } },
    };
    const c = KpiConfigSchema.parse(input);
    expect(c.service.sla.P2).toEqual({ firstResponseHours: 2, resolutionHours: 48, clock: 'business' });
    expect(c.service.sla.P3).toEqual(DEFAULT_KPI_CONFIG.service.sla.P3);
  });

  it('says which key is wrong and what it expects', () => {
    expect(
      problems({
        windowDays: 0,
        service: {
          sla: { P5: { firstResponseHours: 1, resolutionHours: 2 } },
          calendar: { open: '18:00', close: '09:00', holidays: ['2025-02-30'] },
        },
        funnel: { sqlStatuses: ['won'] },
        dataQuality: { completenessFields: ['shoe_size'] },
      }),
    ).toMatchInlineSnapshot(`
      [
        "windowDays: Too small: expected number to be >0",
        "service.sla: Unrecognized key: "P5"",
        "service.calendar.holidays.0: expected a day that exists, e.g. "2025-10-01"",
        "service.calendar.close: expected close later than open",
        "funnel.sqlStatuses: expected every sqlStatuses entry in mqlStatuses too: an SQL is also an MQL",
        "dataQuality.completenessFields.0: Invalid option: expected one of "full_name"|"birth_date"|"gender"|"phone"|"email"|"national_id"|"insurance_id"|"union_id"|"open_id"|"platform_user_id"|"member_card"|"device_id"|"account_code"|"province"|"city"|"address"|"postcode"",
      ]
    `);
    expect(problems({ service: { calendar: { open: '18:00', close: '09:00' } } })).toEqual([
      'service.calendar.close: expected close later than open',
    ]);
    expect(problems({ service: { calendar: { open: '9:00' } } })).toEqual([
      'service.calendar.open: expected a time of day as HH:MM, e.g. "09:00" or "24:00"',
    ]);
  });
});
