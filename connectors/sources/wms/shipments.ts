import type { FileKind, MapContext, MapOutput } from '../../connector.ts';
import { FieldReader } from '../../map/field-reader.ts';
import { jsonList, nameParts } from '../../map/person.ts';
import { parseTimestamp } from '../../normalise/index.ts';

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

/** Midnight (in the source's zone) of the day a pull is named after: shipments-20250110.csv. */
function pullDate(ctx: MapContext): Date | null {
  const m = /(\d{8})\.csv(?:\.gz)?$/i.exec(ctx.file);
  const parsed = m ? parseTimestamp(m[1], { timezone: ctx.timezone }) : null;
  return parsed?.ok ? parsed.value : null;
}

/**
 * Daily shipment pulls: a change log, so a shipment reappears on each day it changed (created,
 * shipped, final) and the later row replaces the event. The consignee (a phone, or the B2B account
 * receiving freight) is a source record of its own, `wms_shipment:<shipment_no>`.
 */
export const wmsShipments: FileKind = {
  kind: 'shipments',
  format: 'csv',
  primary: 'events',
  rawTable: 'raw.wms_shipments',
  encodings: ['utf-8', 'gbk'],
  map([rec], ctx): MapOutput {
    const f = new FieldReader(rec!, ctx);
    const no = f.text('shipment_no', { required: true });
    const account = f.text('customer_account_code');
    const phone = f.phone('consignee_phone');
    const name = f.name('consignee_name');
    const address = f.text('consignee_address');
    const destination = f.text('destination_city');
    const promised = f.timestamp('promised_at');
    const shipped = f.timestamp('shipped_at');
    const delivered = f.timestamp('delivered_at');
    const updated = f.timestamp('updated_at');
    // Not shipped yet: the row stands for the day it was pulled.
    const occurred = shipped ?? updated ?? pullDate(ctx);
    if (!occurred)
      f.fail('missing_field', 'shipped_at and updated_at are empty and the file name has no date');
    if (shipped && delivered && delivered < shipped) {
      f.fail(
        'bad_timestamp',
        `delivered_at ${String(f.raw('delivered_at'))} is before shipped_at ${String(f.raw('shipped_at'))}; a parcel cannot arrive before it leaves`,
      );
    }
    if (f.failure) return { rows: {}, rejections: [{ recordNo: rec!.recordNo, ...f.failure }] };
    const status =
      f.text('status')?.toLowerCase().replace(/\s+/g, '_') ??
      (delivered ? 'delivered' : shipped ? 'in_transit' : 'created');
    const hasConsignee = Boolean(account || f.text('consignee_phone') || name || address);
    const sourceKey = hasConsignee ? `wms_shipment:${no}` : null;
    const invalid = f.invalidAttributes();
    return {
      rows: {
        events: [
          {
            record_no: rec!.recordNo,
            event_id: no,
            event_type: 'shipment',
            occurred_at: occurred,
            // The pull's own change time is the event's version: an older pull never overwrites.
            updated_at: updated ?? delivered ?? shipped ?? null,
            source_key: sourceKey,
            account_code: account,
            status,
            attributes: {
              order_ref: f.text('order_ref'),
              origin: f.text('origin'),
              destination,
              promised_at: iso(promised),
              shipped_at: iso(shipped),
              delivered_at: iso(delivered),
              on_time: delivered && promised ? delivered <= promised : null,
              updated_at: iso(updated),
              ...invalid,
            },
          },
        ],
        ...(sourceKey
          ? {
              source_records: [
                {
                  record_no: rec!.recordNo,
                  source_key: sourceKey,
                  full_name: name,
                  ...nameParts(name),
                  phone,
                  phones: jsonList(phone),
                  account_code: account,
                  city: destination,
                  address,
                  // The same consignee in every pull of the shipment; the latest pull wins.
                  source_updated_at: updated ?? occurred,
                  attributes: Object.keys(invalid).length ? invalid : null,
                },
              ],
            }
          : {}),
      },
      rejections: [],
    };
  },
};
