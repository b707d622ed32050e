import { z } from 'zod';

const clockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected a time of day as HH:MM, e.g. "09:00" or "24:00"');

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a day as YYYY-MM-DD, e.g. "2025-10-01"')
  .refine((d) => new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), {
    message: 'expected a day that exists, e.g. "2025-10-01"',
  });

const names = z.array(z.string().min(1));

/** Minutes since midnight of an HH:MM time. */
export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

export const SlaPolicySchema = z
  .object({
    /** Target from creation to the first agent response. */
    firstResponseHours: z.number().positive().max(8760),
    /** Target from creation to the (final) resolution. */
    resolutionHours: z.number().positive().max(8760),
    /** 'business': the clock runs only in the business calendar's hours; '24x7': wall-clock time. */
    clock: z.enum(['business', '24x7']).default('business'),
  })
  .strict();
export type SlaPolicy = z.output<typeof SlaPolicySchema>;

/** The generator's targets (tickets/ P1-P4); P1 runs around the clock, as critical incidents do. */
export const DEFAULT_SLA: Readonly<Record<'P1' | 'P2' | 'P3' | 'P4', SlaPolicy>> = {
  P1: { firstResponseHours: 0.25, resolutionHours: 4, clock: '24x7' },
  P2: { firstResponseHours: 1, resolutionHours: 24, clock: 'business' },
  P3: { firstResponseHours: 4, resolutionHours: 72, clock: 'business' },
  P4: { firstResponseHours: 8, resolutionHours: 120, clock: 'business' },
};

export const BusinessCalendarSchema = z
  .object({
    /** Opening time on a working day, in the warehouse time zone. */
    open: clockTime.default('09:00'),
    /** Closing time (after open; "24:00" = midnight). */
    close: clockTime.default('18:00'),
    /** Working weekdays, ISO numbering: 1 = Monday ... 7 = Sunday. */
    workingDays: z
      .array(z.number().int().min(1).max(7))
      .default([1, 2, 3, 4, 5])
      .refine((d) => new Set(d).size === d.length, { message: 'expected each weekday once' }),
    /** Days off that would otherwise be working days (public holidays). */
    holidays: z.array(isoDay).default([]),
    /** Working days that would otherwise be off, such as the weekend days China moves around its holidays (调休). */
    extraWorkdays: z.array(isoDay).default([]),
  })
  .strict()
  .refine((c) => minutesOf(c.open) < minutesOf(c.close), {
    message: 'expected close later than open',
    path: ['close'],
  });
export type BusinessCalendar = z.output<typeof BusinessCalendarSchema>;

export const ServiceKpiConfigSchema = z
  .object({
    /** SLA targets per ticket priority; a ticket of another priority has no SLA. */
    sla: z
      .object({
        P1: SlaPolicySchema.default(DEFAULT_SLA.P1),
        P2: SlaPolicySchema.default(DEFAULT_SLA.P2),
        P3: SlaPolicySchema.default(DEFAULT_SLA.P3),
        P4: SlaPolicySchema.default(DEFAULT_SLA.P4),
      })
      .strict()
      .default({ ...DEFAULT_SLA }),
    calendar: BusinessCalendarSchema.default(BusinessCalendarSchema.parse({})),
    /** A reopen this many days after the resolution counts (service.reopen_rate_<n>d). */
    reopenDays: z.number().int().positive().max(365).default(7),
    /** Another ticket of the same customer on the same topic this many days after one counts (service.repeat_contact_rate_<n>d). */
    repeatContactDays: z.number().int().positive().max(365).default(7),
  })
  .strict();

export const HealthcareKpiConfigSchema = z
  .object({
    /** Appointment statuses that are a valid booking for their day (FHIR Appointment.status). */
    validStatuses: names.min(1).default(['booked', 'arrived', 'checked-in', 'fulfilled', 'noshow']),
    /** Statuses that mean the patient came (an encounter naming the appointment also does). */
    arrivedStatuses: names.default(['arrived', 'checked-in', 'fulfilled']),
    noShowStatuses: names.default(['noshow']),
    /** Encounter statuses that are a visit (FHIR Encounter.status). */
    visitStatuses: names.min(1).default(['arrived', 'triaged', 'in-progress', 'onleave', 'finished']),
    /** One revisit-rate metric per horizon: healthcare.revisit_rate_<n>d. */
    revisitDays: z
      .array(z.number().int().positive().max(3660))
      .default([30, 90])
      .refine((d) => new Set(d).size === d.length, { message: 'expected each horizon once' }),
  })
  .strict();

export const FunnelKpiConfigSchema = z
  .object({
    /** Leads are the core.source_records whose source_key starts with this (the CRM connector's leads). */
    leadKeyPrefix: z.string().min(1).default('crm_lead:'),
    /** A converted lead's converted_contact_id is the contact record `<contactKeyPrefix><id>`, whose account_code leads to opportunities. */
    contactKeyPrefix: z.string().min(1).default('crm_contact:'),
    /** Lead statuses (attributes.lead_status, lower case) at or past MQL. */
    mqlStatuses: names.min(1).default(['working', 'qualified', 'converted']),
    /** Lead statuses at or past SQL (a subset of mqlStatuses). */
    sqlStatuses: names.min(1).default(['qualified', 'converted']),
    /** Opportunity stages that close it won or lost (core.events opportunity_stage). */
    wonStages: names.min(1).default(['Closed Won']),
    lostStages: names.min(1).default(['Closed Lost']),
  })
  .strict()
  .refine((f) => f.sqlStatuses.every((s) => f.mqlStatuses.includes(s)), {
    message: 'expected every sqlStatuses entry in mqlStatuses too: an SQL is also an MQL',
    path: ['sqlStatuses'],
  });

/** core.source_records columns a completeness check may name, with whether they hold text. */
export const COMPLETENESS_FIELDS = {
  full_name: 'text',
  birth_date: 'date',
  gender: 'text',
  phone: 'text',
  email: 'text',
  national_id: 'text',
  insurance_id: 'text',
  union_id: 'text',
  open_id: 'text',
  platform_user_id: 'text',
  member_card: 'text',
  device_id: 'text',
  account_code: 'text',
  province: 'text',
  city: 'text',
  address: 'text',
  postcode: 'text',
} as const;
export type CompletenessField = keyof typeof COMPLETENESS_FIELDS;

export const DataQualityKpiConfigSchema = z
  .object({
    /** The key fields of dq.field_completeness. */
    completenessFields: z
      .array(z.enum(Object.keys(COMPLETENESS_FIELDS) as [CompletenessField, ...CompletenessField[]]))
      .min(1)
      .default(['full_name', 'phone', 'email', 'birth_date', 'gender', 'national_id', 'address'])
      .refine((f) => new Set(f).size === f.length, { message: 'expected each field once' }),
  })
  .strict();

export const KpiConfigSchema = z
  .object({
    /** Each run recomputes the days from as_of - windowDays + 1 to as_of (default 91: a day's 90-day revisit rate is final at its last recompute). */
    windowDays: z.number().int().positive().max(3660).default(91),
    service: ServiceKpiConfigSchema.default(ServiceKpiConfigSchema.parse({})),
    healthcare: HealthcareKpiConfigSchema.default(HealthcareKpiConfigSchema.parse({})),
    funnel: FunnelKpiConfigSchema.default(FunnelKpiConfigSchema.parse({})),
    dataQuality: DataQualityKpiConfigSchema.default(DataQualityKpiConfigSchema.parse({})),
  })
  .strict();
export type KpiConfig = z.output<typeof KpiConfigSchema>;
export type KpiConfigInput = z.input<typeof KpiConfigSchema>;

export const DEFAULT_KPI_CONFIG: KpiConfig = KpiConfigSchema.parse({});
