// wms/: the logistics partner's daily pulls. shipments-YYYYMMDD.csv holds one row per shipment that
// changed that day, as it stood at the end of the day (so a shipment appears on its creation, ship and
// final days: connectors must upsert, latest updated_at wins); tracking-YYYYMMDD.csv holds that day's
// scan events. A shipment's whole timeline is decided when it is created and its later rows wait in a
// per-day queue, which holds about a week of shipments at any time.

import type { Rng } from './random.ts';
import { rngFor } from './random.ts';
import { CITIES, cityAt, WAREHOUSES } from './places.ts';
import { officeSecond } from './seasonality.ts';
import { STREAM } from './streams.ts';
import type { World } from './world.ts';
import { csvRow } from './writer.ts';

const SHIPMENT_HEADER =
  'shipment_no,order_ref,customer_account_code,consignee_phone,origin,destination_city,promised_at,shipped_at,delivered_at,status,updated_at';
const TRACKING_HEADER = 'shipment_no,event_time,status_code,exception_reason_code,location';
const WAREHOUSE_CODES = Object.keys(WAREHOUSES);
const HOUR = 3600;

export interface ShipmentRequest {
  orderRef: string;
  /** Person receiving the parcel (ground truth). */
  person: number;
  accountCode: string;
  consigneePhone: string;
  cityIndex: number;
  district: string;
  /** When the order reached the warehouse (window seconds). */
  readyT: number;
  rng: Rng;
}

export interface ShipmentOutcome {
  shipmentNo: string;
  shipT: number;
  /** Delivery time, or -1 when the parcel never arrived. */
  deliveredT: number;
  exception: '' | 'E01' | 'E02' | 'E03';
  exceptionT: number;
}

interface Queued {
  t: number;
  line: string;
}

/** Plans shipments and writes the daily shipment and tracking pulls. */
export class WmsFeed {
  private readonly shipmentRows = new Map<number, Queued[]>();
  private readonly trackingRows = new Map<number, Queued[]>();
  private seq = 0;

  constructor(private readonly world: World) {}

  private queue(map: Map<number, Queued[]>, t: number, line: string): void {
    const day = Math.floor(t / 86_400);
    if (day >= this.world.ctx.cal.days) return;
    let list = map.get(day);
    if (!list) map.set(day, (list = []));
    list.push({ t, line });
  }

  /** Creates a shipment, queues its rows and scan events, and tells the caller how it went. */
  ship(req: ShipmentRequest): ShipmentOutcome {
    const { ctx, gt } = this.world;
    const { rng, readyT } = req;
    const cal = ctx.cal;
    const day = Math.floor(readyT / 86_400);
    const shipmentNo = `YT${cal.compact(day).slice(2)}${String(++this.seq).padStart(7, '0')}`;
    const city = cityAt(req.cityIndex);
    const origin = rng.chance(0.8) ? city.warehouse : rng.pick(WAREHOUSE_CODES);
    const promisedT = readyT + (origin === city.warehouse ? 48 : 72) * HOUR;
    const backlog = ctx.season.ecom[day] ?? 1;
    const shipT = readyT + 1800 + Math.round(rng.lognormal(Math.log(8 * HOUR), 0.6) * Math.max(1, backlog / 2));
    let deliveredT = shipT + Math.round(rng.lognormal(Math.log(1.6 * 86_400), 0.4));
    const roll = rng.float();
    const exception: ShipmentOutcome['exception'] = roll < 0.014 ? 'E01' : roll < 0.032 ? 'E02' : roll < 0.04 ? 'E03' : '';
    let exceptionT = -1;
    const hub = `转运中心-${cityAt(rng.int(CITIES.length)).city.replace(/市$/, '')}`;
    const dest = `${city.city}${req.district}`;
    const events: [number, string, string, string][] = [
      [Math.max(readyT + 600, shipT - rng.between(1, 3) * HOUR), 'PICKED', '', WAREHOUSES[origin] ?? origin],
      [shipT, 'IN_TRANSIT', '', WAREHOUSES[origin] ?? origin],
      [Math.round((shipT + deliveredT) / 2), 'IN_TRANSIT', '', hub],
    ];
    if (exception !== '') {
      exceptionT = exception === 'E03' ? Math.round((shipT + deliveredT) / 2) + HOUR : deliveredT - HOUR;
      events.push([exceptionT, 'EXCEPTION', exception, exception === 'E03' ? hub : dest]);
      if (exception === 'E01' && rng.chance(0.4)) deliveredT = -1;
      else deliveredT += rng.between(1, 2) * 86_400 - (deliveredT % 86_400) + officeSecond(rng);
    }
    if (deliveredT >= 0) {
      const outForDelivery = Math.max(Math.max(exceptionT, shipT) + 600, deliveredT - rng.between(1, 4) * HOUR);
      events.push([Math.min(outForDelivery, deliveredT - 60), 'OUT_FOR_DELIVERY', '', dest]);
      events.push([deliveredT, 'DELIVERED', '', dest]);
    }
    events.sort((a, b) => a[0] - b[0]);
    for (const [t, code, reason, location] of events) {
      this.queue(this.trackingRows, t, csvRow([shipmentNo, cal.local(t), code, reason, location]));
    }
    const finalT = deliveredT >= 0 ? deliveredT : exceptionT;
    const snapshot = (t: number): string => {
      const status = t >= finalT ? (deliveredT >= 0 ? 'DELIVERED' : 'EXCEPTION') : t >= shipT ? 'IN_TRANSIT' : 'CREATED';
      return csvRow([
        shipmentNo,
        req.orderRef,
        req.accountCode,
        req.consigneePhone,
        origin,
        city.city,
        cal.local(promisedT),
        t >= shipT ? cal.local(shipT) : '',
        deliveredT >= 0 && t >= deliveredT ? cal.local(deliveredT) : '',
        status,
        cal.local(t),
      ]);
    };
    // One row per day the shipment changed, as it stood after that day's last change.
    const lastChange = new Map<number, number>();
    for (const t of [readyT, shipT, finalT]) {
      const d = Math.floor(t / 86_400);
      lastChange.set(d, Math.max(lastChange.get(d) ?? t, t));
    }
    for (const t of lastChange.values()) this.queue(this.shipmentRows, t, snapshot(t));
    gt.add('wms', `wms_shipment:${shipmentNo}`, req.person, req.accountCode);
    this.world.counts.add('wms', 'shipments');
    if (exception !== '') this.world.counts.add('wms', `exceptions_${exception}`);
    return { shipmentNo, shipT, deliveredT, exception, exceptionT };
  }

  /** Daily B2B freight for accounts that ship with the partner (identified by account code). */
  addAccountShipments(day: number): void {
    const { ctx, contactsByAccount } = this.world;
    const rng = rngFor(ctx.seed, STREAM.b2bShipment, day);
    const weekend = ctx.cal.weekday(day) % 6 === 0;
    const shippers = ctx.accounts.filter((a) => a.contracted && (contactsByAccount[a.index]?.length ?? 0) > 0);
    const count = rng.poisson(shippers.length * (weekend ? 0.03 : 0.12));
    for (let k = 0; k < count; k++) {
      const account = rng.pick(shippers);
      const contact = rng.pick(contactsByAccount[account.index] as number[]);
      this.ship({
        orderRef: `PO${ctx.cal.compact(day)}${String(k + 1).padStart(4, '0')}`,
        person: contact,
        accountCode: account.code,
        consigneePhone: '',
        cityIndex: account.cityIndex,
        district: cityAt(account.cityIndex).districts[0]?.[0] ?? '',
        readyT: day * 86_400 + officeSecond(rng),
        rng,
      });
    }
  }

  /** Writes the day's two pulls and drops the day from the queues. */
  async finishDay(day: number): Promise<void> {
    const { output, ctx } = this.world;
    const date = ctx.cal.compact(day);
    for (const [map, name, header] of [
      [this.shipmentRows, 'shipments', SHIPMENT_HEADER],
      [this.trackingRows, 'tracking', TRACKING_HEADER],
    ] as const) {
      const list = map.get(day) ?? [];
      map.delete(day);
      // Stable order: by time, then by the order rows were queued.
      const rows = list.map((q, k) => ({ ...q, k })).sort((a, b) => a.t - b.t || a.k - b.k);
      await output.writeWhole(`wms/${name}-${date}.csv`, 'wms', rows.map((r) => r.line), header, 'utf-8');
      this.world.counts.add('wms', `${name}_rows`, rows.length);
    }
  }
}
