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
import { NOISE, noisyPhone } from './noise.ts';

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

/** What a queued row needs to render; kept instead of rendered text so queued days stay cheap to hold. */
interface Shipment {
  no: string;
  /** The fixed leading CSV fields. */
  head: string;
  promisedT: number;
  shipT: number;
  deliveredT: number;
  finalT: number;
}

/** Rows waiting for their day, as parallel arrays (a week of them is alive at any time). */
class DayQueue {
  scanT: number[] = [];
  scanShipment: Shipment[] = [];
  scanCode: string[] = [];
  scanReason: string[] = [];
  scanLocation: string[] = [];
  snapT: number[] = [];
  snapShipment: Shipment[] = [];
}

const order = (times: number[]): number[] =>
  times.map((_, k) => k).sort((a, b) => times[a]! - times[b]! || a - b);

/** Plans shipments and writes the daily shipment and tracking pulls. */
export class WmsFeed {
  private readonly queues = new Map<number, DayQueue>();
  private seq = 0;
  private readonly places = new Map<string, string>();

  constructor(private readonly world: World) {}

  private queueFor(t: number): DayQueue | undefined {
    const day = Math.floor(t / 86_400);
    if (day >= this.world.ctx.cal.days) return undefined;
    let q = this.queues.get(day);
    if (!q) this.queues.set(day, (q = new DayQueue()));
    return q;
  }

  // One shared string per place name, so queued scans hold no per-row text.
  private place(name: string): string {
    let s = this.places.get(name);
    if (s === undefined) this.places.set(name, (s = name));
    return s;
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
    const shipT =
      readyT + 1800 + Math.round(rng.lognormal(Math.log(8 * HOUR), 0.6) * Math.max(1, backlog / 2));
    let deliveredT = shipT + Math.round(rng.lognormal(Math.log(1.6 * 86_400), 0.4));
    const roll = rng.float();
    const exception: ShipmentOutcome['exception'] =
      roll < 0.014 ? 'E01' : roll < 0.032 ? 'E02' : roll < 0.04 ? 'E03' : '';
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
      const outForDelivery = Math.max(
        Math.max(exceptionT, shipT) + 600,
        deliveredT - rng.between(1, 4) * HOUR,
      );
      events.push([Math.min(outForDelivery, deliveredT - 60), 'OUT_FOR_DELIVERY', '', dest]);
      events.push([deliveredT, 'DELIVERED', '', dest]);
    }
    const finalT = deliveredT >= 0 ? deliveredT : exceptionT;
    const head = csvRow([shipmentNo, req.orderRef, req.accountCode, req.consigneePhone, origin, city.city]);
    const shipment: Shipment = { no: shipmentNo, head, promisedT, shipT, deliveredT, finalT };
    for (const [t, code, reason, location] of events) {
      const q = this.queueFor(t);
      if (!q) continue;
      q.scanT.push(t);
      q.scanShipment.push(shipment);
      q.scanCode.push(code);
      q.scanReason.push(reason);
      q.scanLocation.push(this.place(location));
    }
    // One row per day the shipment changed, as it stood after that day's last change.
    const lastChange = new Map<number, number>();
    for (const t of [readyT, shipT, finalT]) {
      const d = Math.floor(t / 86_400);
      lastChange.set(d, Math.max(lastChange.get(d) ?? t, t));
    }
    let pulled = false;
    for (const t of lastChange.values()) {
      const q = this.queueFor(t);
      if (!q) continue;
      pulled = true;
      q.snapT.push(t);
      q.snapShipment.push(shipment);
    }
    // A shipment created after the window's last day is in no pull: no record, so no truth row.
    if (pulled) {
      gt.add('wms', `wms_shipment:${shipmentNo}`, req.person, req.accountCode);
      this.world.counts.add('wms', 'shipments');
    }
    if (exception !== '') this.world.counts.add('wms', `exceptions_${exception}`);
    return { shipmentNo, shipT, deliveredT, exception, exceptionT };
  }

  /**
   * Daily B2B freight for accounts that ship with the partner: the account code and the phone of
   * the contact who receives it.
   */
  addAccountShipments(day: number): void {
    const { ctx, contactsByAccount } = this.world;
    const rng = rngFor(ctx.seed, STREAM.b2bShipment, day);
    const weekend = ctx.cal.weekday(day) % 6 === 0;
    const shippers = ctx.accounts.filter(
      (a) => a.contracted && (contactsByAccount[a.index]?.length ?? 0) > 0,
    );
    const count = rng.poisson(shippers.length * (weekend ? 0.03 : 0.12));
    for (let k = 0; k < count; k++) {
      const account = rng.pick(shippers);
      const contact = rng.pick(contactsByAccount[account.index] as number[]);
      // A waybill names the receiving contact's phone, the number the driver calls.
      const receiver = this.world.people.get(contact);
      this.ship({
        orderRef: `PO${ctx.cal.compact(day)}${String(k + 1).padStart(4, '0')}`,
        person: contact,
        accountCode: account.code,
        consigneePhone: noisyPhone(rng, receiver.phone, NOISE.wms),
        cityIndex: account.cityIndex,
        district: cityAt(account.cityIndex).districts[0]?.[0] ?? '',
        readyT: day * 86_400 + officeSecond(rng),
        rng,
      });
    }
  }

  private snapshot(s: Shipment, t: number): string {
    const cal = this.world.ctx.cal;
    const delivered = s.deliveredT >= 0;
    const status =
      t >= s.finalT ? (delivered ? 'DELIVERED' : 'EXCEPTION') : t >= s.shipT ? 'IN_TRANSIT' : 'CREATED';
    const shipped = t >= s.shipT ? cal.local(s.shipT) : '';
    const deliveredAt = delivered && t >= s.deliveredT ? cal.local(s.deliveredT) : '';
    return `${s.head},${cal.local(s.promisedT)},${shipped},${deliveredAt},${status},${cal.local(t)}`;
  }

  /** Writes the day's two pulls, rows in time order (ties in queueing order), and drops the day. */
  finishDay(day: number): void {
    const { output, ctx, counts } = this.world;
    const cal = ctx.cal;
    const date = cal.compact(day);
    const q = this.queues.get(day) ?? new DayQueue();
    this.queues.delete(day);
    const snaps = order(q.snapT).map((k) => this.snapshot(q.snapShipment[k]!, q.snapT[k]!));
    // Codes, times and place names never need CSV quoting.
    const scans = order(q.scanT).map(
      (k) =>
        `${q.scanShipment[k]!.no},${cal.local(q.scanT[k]!)},${q.scanCode[k]},${q.scanReason[k]},${q.scanLocation[k]}`,
    );
    output.writeWhole(`wms/shipments-${date}.csv`, 'wms', snaps, SHIPMENT_HEADER, 'utf-8');
    output.writeWhole(`wms/tracking-${date}.csv`, 'wms', scans, TRACKING_HEADER, 'utf-8');
    counts.add('wms', 'shipments_rows', snaps.length);
    counts.add('wms', 'tracking_rows', scans.length);
  }
}
