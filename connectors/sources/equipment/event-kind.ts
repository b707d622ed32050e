import type { FileKind, MapContext, MapOutput } from '../../connector.ts';
import { FieldReader } from '../../map/field-reader.ts';

/** What one record of an equipment file becomes: one core.events row of its account. */
export interface EquipmentEvent {
  readonly event_id: string;
  readonly event_type: string;
  readonly occurred_at: Date | null;
  readonly status?: string | null;
  readonly attributes: Record<string, unknown>;
}

/**
 * A file kind of the equipment platform: every record names its account (required) and maps to
 * exactly one event; fields `read` drops as invalid are noted in the event's attributes.
 */
export function equipmentKind(
  kind: string,
  rawTable: string,
  read: (f: FieldReader, ctx: MapContext) => EquipmentEvent,
): FileKind {
  return {
    kind,
    format: 'csv',
    primary: 'events',
    rawTable,
    encodings: ['utf-8', 'gbk'],
    map([rec], ctx): MapOutput {
      const f = new FieldReader(rec!, ctx);
      const account = f.text('account_code', { required: true });
      const event = read(f, ctx);
      if (f.failure) return { rows: {}, rejections: [{ recordNo: rec!.recordNo, ...f.failure }] };
      return {
        rows: {
          events: [
            {
              record_no: rec!.recordNo,
              ...event,
              account_code: account,
              attributes: { ...event.attributes, ...f.invalidAttributes() },
            },
          ],
        },
        rejections: [],
      };
    },
  };
}

/** A lower-case code from a closed list; anything else fails the record, naming the list. */
export function oneOf<T extends string>(f: FieldReader, path: string, allowed: readonly T[]): T | null {
  const v =
    f
      .text(path, { required: true })
      ?.toLowerCase()
      .replace(/[\s-]+/g, '_') ?? null;
  if (v === null || (allowed as readonly string[]).includes(v)) return v as T | null;
  f.fail('invalid_record', `${path} ${JSON.stringify(f.raw(path))} is not one of ${allowed.join(', ')}`);
  return null;
}
