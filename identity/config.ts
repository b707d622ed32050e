import { z } from 'zod';

/** Identifier columns of core.source_records that rules can match on exactly. */
export const IDENTIFIERS = [
  'national_id',
  'insurance_id',
  'union_id',
  'open_id',
  'platform_user_id',
  'member_card',
  'device_id',
  'phone',
  'email',
] as const;
export type Identifier = (typeof IDENTIFIERS)[number];

/** Identifiers that only say how to reach someone: households share phones, companies share mailboxes. */
export const CONTACT_IDENTIFIERS: ReadonlySet<Identifier> = new Set(['phone', 'email']);

const lowerName = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'expected a lower-case name of letters, digits and _ starting with a letter');

export const RuleSchema = z
  .object({
    /** Shown in identity.records.match_rule and the merge history. */
    name: lowerName,
    /** The identifier both records must hold with the same value. */
    identifier: z.enum(IDENTIFIERS),
    /**
     * Whether the names must agree too: 'same_sound' = the same name up to script (characters or
     * pinyin), traditional forms, spacing and order; 'exact' = the same normalised name.
     */
    nameMatch: z.enum(['none', 'same_sound', 'exact']).default('none'),
    /** 'exact_if_present': records that both carry a birth date must carry the same one. */
    birthDate: z.enum(['ignore', 'exact_if_present']).default('ignore'),
  })
  .strict();
export type Rule = z.output<typeof RuleSchema>;

/** Deterministic rules in priority order: personal IDs first, contact points only together with a name. */
export const DEFAULT_RULES: Rule[] = [
  { name: 'national_id', identifier: 'national_id' },
  { name: 'insurance_id', identifier: 'insurance_id' },
  { name: 'union_id', identifier: 'union_id' },
  { name: 'member_card', identifier: 'member_card' },
  { name: 'platform_user_id', identifier: 'platform_user_id' },
  { name: 'open_id', identifier: 'open_id' },
  { name: 'device_id', identifier: 'device_id' },
  { name: 'phone_name', identifier: 'phone', nameMatch: 'same_sound', birthDate: 'exact_if_present' },
  { name: 'email_name', identifier: 'email', nameMatch: 'same_sound', birthDate: 'exact_if_present' },
].map((r) => RuleSchema.parse(r));

/** Values no source means as an identifier: test numbers, placeholders, "unknown". */
export const DEFAULT_BLOCKED = {
  phones: [
    '+8613800138000',
    '+8613888888888',
    '+8613900139000',
    '+8618888888888',
    '+8613333333333',
    '+8612345678901',
    '+8611111111111',
  ],
  emails: [
    'test@test.com',
    '123456@qq.com',
    'test@qq.com',
    'a@a.com',
    'noreply@example.com',
    'none@none.com',
  ],
  values: ['0', 'null', 'none', 'unknown', 'n/a', 'na', '-', '--', 'test', '未知', '无'],
};

export const BlockedSchema = z
  .object({
    /** Phones in E.164 that never identify anyone. */
    phones: z.array(z.string()).default(DEFAULT_BLOCKED.phones),
    emails: z.array(z.string()).default(DEFAULT_BLOCKED.emails),
    /** Values blocked for every identifier (compared lower-case). */
    values: z.array(z.string()).default(DEFAULT_BLOCKED.values),
    /** Also block phones whose 8 subscriber digits are one repeated digit (+86 138 88888888). */
    repeatedDigitPhones: z.boolean().default(true),
  })
  .strict();

export const ProbabilisticSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** At or above: link automatically. */
    autoMergeThreshold: z.number().min(0).max(1).default(0.99),
    /**
     * The least name agreement an automatic merge needs, whatever the other fields say: a parent
     * and grown child share a surname, phone and address, so those alone go to review at most.
     */
    minNameLevelToMerge: z
      .enum(['different', 'family_only', 'similar', 'very_similar', 'same_sound', 'exact'])
      .default('similar'),
    /** From here up to the auto-merge threshold: a row in identity.review_queue. */
    reviewThreshold: z.number().min(0).max(1).default(0.8),
    /** A blocking key shared by more records than this generates no pairs (it is too common to help). */
    maxBlockSize: z.number().int().positive().default(200),
    /** Random record pairs drawn to estimate u probabilities. */
    randomPairs: z.number().int().positive().default(200_000),
    maxIterations: z.number().int().positive().default(30),
    seed: z.number().int().default(1),
  })
  .strict()
  .refine((p) => p.reviewThreshold <= p.autoMergeThreshold, {
    message: 'reviewThreshold must not be above autoMergeThreshold',
    path: ['reviewThreshold'],
  });

export const IdentityConfigSchema = z
  .object({
    rules: z.array(RuleSchema).min(1).default(DEFAULT_RULES),
    blocked: BlockedSchema.default(BlockedSchema.parse({})),
    /**
     * A phone or email held by records with more distinct family names than this stops being an
     * identifier (a shop's number typed for walk-ins, a company mailbox), like Segment's limits.
     */
    maxFamiliesPerContact: z.number().int().positive().default(3),
    /**
     * Count the family names of maxFamiliesPerContact within any window of this many days (by
     * when each record was last seen), not over all time: a number a shop types for walk-ins is
     * shared by many people at once, a mobile number the carrier gave to someone else years later
     * is not. Records with no time count in every window. Unset: over all time.
     */
    contactLimitWindowDays: z.number().int().positive().optional(),
    /** Records without a name attach to a named customer through a phone or email only if exactly one customer holds it. */
    attachByContact: z.boolean().default(true),
    probabilistic: ProbabilisticSchema.default(ProbabilisticSchema.parse({})),
    /** Customers with more records than this are reported as suspicious (chained over-merges). */
    clusterSizeAlarm: z.number().int().positive().default(1000),
    /** Prefix of minted customer IDs. */
    idPrefix: z
      .string()
      .regex(/^[A-Za-z]{1,8}$/)
      .default('C'),
  })
  .strict()
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.rules.forEach((r, i) => {
      if (seen.has(r.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['rules', i, 'name'],
          input: r.name,
          message: `rule names must be unique; "${r.name}" is used twice`,
        });
      }
      seen.add(r.name);
    });
  });
export type IdentityConfig = z.output<typeof IdentityConfigSchema>;
export type IdentityConfigInput = z.input<typeof IdentityConfigSchema>;
export const DEFAULT_IDENTITY_CONFIG: IdentityConfig = IdentityConfigSchema.parse({});
