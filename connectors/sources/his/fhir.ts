// The FHIR R4 conformance rules the HIS mapping relies on. A bulk export from a conformant server
// never breaks them, so a resource that does is a broken export line and is quarantined whole, with
// the FHIR path of the offending element (`Appointment.participant[0].actor.reference`).

import type { Rejection } from '../../connector.ts';
import { dateProblem, isoDate, parseTimestamp, quote } from '../../normalise/index.ts';

type Problem = Pick<Rejection, 'reason' | 'message'>;
type Opt = { required?: boolean };

/** A reference to another resource, split into its type and logical id. */
export interface FhirReference {
  readonly type: string;
  readonly id: string;
  /** `Type/id`, without any base URL or version. */
  readonly relative: string;
}

/** A FHIR date or dateTime as written, with the instant it stands for when it names a full day or more. */
export interface FhirDateTime {
  readonly text: string;
  /** Full time with offset as given; a bare day is midnight in the source's zone; null for YYYY / YYYY-MM. */
  readonly at: Date | null;
}

const ID = /^[A-Za-z0-9\-.]{1,64}$/;
const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;
const REFERENCE =
  /^(?:https?:\/\/(?:[A-Za-z0-9\-\\.:%$]*\/)+)?([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

/** The R4 Appointment.status value set. */
export const APPOINTMENT_STATUSES: ReadonlySet<string> = new Set([
  'proposed',
  'pending',
  'booked',
  'arrived',
  'fulfilled',
  'cancelled',
  'noshow',
  'entered-in-error',
  'checked-in',
  'waitlist',
]);

/** The R4 Encounter.status value set. */
export const ENCOUNTER_STATUSES: ReadonlySet<string> = new Set([
  'planned',
  'arrived',
  'triaged',
  'in-progress',
  'onleave',
  'finished',
  'cancelled',
  'entered-in-error',
  'unknown',
]);

/**
 * Reads one FHIR resource and checks the R4 rules we rely on. The first broken rule is kept in
 * `problem` (the record is then rejected); getters return null for absent or broken elements.
 * Paths are FHIR paths without the type prefix: `participant[0].actor.reference`.
 */
export class FhirReader {
  problem: Problem | null = null;

  constructor(
    private readonly fields: Record<string, unknown>,
    readonly type: string,
    private readonly timezone: string,
  ) {}

  /** The element at a path, as parsed from the JSON line. */
  get(path: string): unknown {
    let v: unknown = this.fields;
    for (const [, name, index] of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
      if (v === null || typeof v !== 'object') return undefined;
      v = index === undefined ? (v as Record<string, unknown>)[name!] : (v as unknown[])[Number(index)];
    }
    return v;
  }

  /** The path as messages show it, with the resource type (`Patient.birthDate`). */
  path(path: string): string {
    return `${this.type}.${path}`;
  }

  /** Rejects the resource (only the first problem is kept). */
  fail(reason: Problem['reason'], message: string): null {
    this.problem ??= { reason, message };
    return null;
  }

  /** The resource's id, after checking resourceType matches the file and id is a FHIR id. */
  id(): string | null {
    const type = this.fields.resourceType;
    if (type === undefined || type === null)
      return this.fail(
        'invalid_record',
        `resourceType is missing; expected "${this.type}" (the file holds ${this.type} resources)`,
      );
    if (type !== this.type)
      return this.fail(
        'invalid_record',
        `resourceType ${typeof type === 'string' ? quote(type) : kindOf(type)} is not "${this.type}"; the file holds ${this.type} resources`,
      );
    const id = this.string('id', { required: true });
    if (id !== null && !ID.test(id))
      return this.fail(
        'invalid_record',
        `${this.path('id')} ${quote(id)} is not a FHIR id; expected 1-64 of A-Z a-z 0-9 - .`,
      );
    return id;
  }

  /** A string element, trimmed; a JSON number, boolean or object there breaks the resource. */
  string(path: string, opt: Opt = {}): string | null {
    const v = this.get(path);
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
      return opt.required
        ? this.fail('missing_field', `${this.path(path)} is missing; the resource needs it`)
        : null;
    }
    if (typeof v !== 'string')
      return this.fail('invalid_record', `${this.path(path)} is ${kindOf(v)}; expected a string`);
    return v.trim();
  }

  /** An array element (absent is an empty array). */
  array(path: string): unknown[] {
    const v = this.get(path);
    if (v === undefined || v === null) return [];
    if (Array.isArray(v)) return v;
    this.fail('invalid_record', `${this.path(path)} is ${kindOf(v)}; expected an array`);
    return [];
  }

  /** An object element (a complex type such as Period), or null when absent or not an object. */
  object(path: string, opt: Opt = {}): Record<string, unknown> | null {
    const v = this.get(path);
    if (v === undefined || v === null) {
      return opt.required
        ? this.fail('missing_field', `${this.path(path)} is missing; the resource needs it`)
        : null;
    }
    if (typeof v !== 'object' || Array.isArray(v))
      return this.fail('invalid_record', `${this.path(path)} is ${kindOf(v)}; expected an object`);
    return v as Record<string, unknown>;
  }

  /** A code that must be in a value set. */
  code(path: string, valueSet: ReadonlySet<string>, opt: Opt = {}): string | null {
    const code = this.string(path, opt);
    if (code === null || valueSet.has(code)) return code;
    return this.fail(
      'invalid_record',
      `${this.path(path)} ${quote(code)} is not in the R4 value set; expected one of ${[...valueSet].join(' | ')}`,
    );
  }

  /** A FHIR date (YYYY, YYYY-MM or YYYY-MM-DD): the full 'YYYY-MM-DD', or the partial text. */
  date(path: string, opt: Opt = {}): { date: string | null; text: string } | null {
    const text = this.string(path, opt);
    if (text === null) return null;
    const m = DATE.exec(text);
    if (!m) {
      return this.fail(
        'bad_date',
        `${this.path(path)} ${quote(text)} is not a FHIR date; expected YYYY, YYYY-MM or YYYY-MM-DD`,
      );
    }
    const [year, month, day] = [Number(m[1]), Number(m[2] ?? 1), Number(m[3] ?? 1)];
    const problem = dateProblem(year, month, day);
    if (problem !== null)
      return this.fail('bad_date', `${this.path(path)} ${quote(text)} is impossible: ${problem}`);
    return { date: m[3] === undefined ? null : isoDate(year, month, day), text };
  }

  /** A FHIR instant: a full time with seconds and an offset (Appointment.start). */
  instant(path: string, opt: Opt = {}): Date | null {
    const text = this.string(path, opt);
    if (text === null) return null;
    if (!DATE_TIME.test(text)) {
      return this.fail(
        'bad_timestamp',
        `${this.path(path)} ${quote(text)} is not a FHIR instant; expected YYYY-MM-DDThh:mm:ss with an offset (+08:00 or Z)`,
      );
    }
    return this.toInstant(path, text);
  }

  /** A FHIR dateTime: YYYY, YYYY-MM, YYYY-MM-DD, or a full time with an offset. */
  dateTime(path: string, opt: Opt = {}): FhirDateTime | null {
    const text = this.string(path, opt);
    if (text === null) return null;
    if (DATE_TIME.test(text)) {
      const at = this.toInstant(path, text);
      return at ? { text, at } : null;
    }
    if (DATE.test(text)) {
      const day = this.date(path);
      if (!day) return null;
      // A bare day is the start of that day where the clinic is.
      const at = day.date ? this.toInstant(path, day.date) : null;
      return { text, at };
    }
    return this.fail(
      'bad_timestamp',
      `${this.path(path)} ${quote(text)} is not a FHIR dateTime; expected YYYY-MM-DD or YYYY-MM-DDThh:mm:ss with an offset`,
    );
  }

  /** A Reference.reference of one of the given resource types. */
  reference(path: string, types: readonly string[], opt: Opt = {}): FhirReference | null {
    const text = this.string(path, opt);
    if (text === null) return null;
    const ref = parseReference(text);
    if (ref && types.includes(ref.type)) return ref;
    return this.fail(
      'invalid_record',
      `${this.path(path)} ${quote(text)} is not a ${types.join(' or ')} reference; expected ${types[0]}/<id>`,
    );
  }

  private toInstant(path: string, text: string): Date | null {
    const r = parseTimestamp(text, { timezone: this.timezone });
    // The normaliser says 'timestamp "…" is impossible: …'; name the FHIR element instead.
    if (!r.ok) return this.fail(r.reason, `${this.path(path)} ${r.message.replace(/^timestamp /, '')}`);
    return r.value;
  }
}

/** A relative or absolute FHIR reference (`Patient/pat-1`, `https://x/fhir/Patient/pat-1/_history/2`). */
export function parseReference(text: string): FhirReference | null {
  const m = REFERENCE.exec(text);
  if (!m) return null;
  const [, type, id] = m as unknown as [string, string, string];
  return { type, id, relative: `${type}/${id}` };
}

/** The text of a CodeableConcept: its text, else the first coding's display or code. */
export function conceptText(concept: unknown): string | null {
  if (concept === null || typeof concept !== 'object') return null;
  const c = concept as { text?: unknown; coding?: unknown };
  if (typeof c.text === 'string' && c.text.trim()) return c.text.trim();
  const first: unknown = Array.isArray(c.coding) ? c.coding[0] : undefined;
  if (first === null || typeof first !== 'object') return null;
  const { display, code } = first as { display?: unknown; code?: unknown };
  if (typeof display === 'string' && display.trim()) return display.trim();
  return typeof code === 'string' && code.trim() ? code.trim() : null;
}

/** The FHIR path of a dotted FieldReader path (`telecom.0.value` -> `Patient.telecom[0].value`). */
export function fhirPath(type: string, dotted: string): string {
  return `${type}.${dotted.replace(/\.(\d+)(?=\.|$)/g, '[$1]')}`;
}

/** The attributes that have a value (null, undefined and '' left out); null when none has. */
export function compact(attrs: Record<string, unknown>): Record<string, unknown> | null {
  const kept = Object.entries(attrs).filter(([, v]) => v !== null && v !== undefined && v !== '');
  return kept.length ? Object.fromEntries(kept) : null;
}

function kindOf(v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return typeof v === 'string' ? `the string ${quote(v)}` : `the ${typeof v} ${String(v)}`;
}
