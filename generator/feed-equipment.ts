// equipment/: the installed base of the machines we (a manufacturer) sold to B2B accounts, as our IoT
// and service platforms export it: machines.csv (installed base), telemetry_daily.csv (one row per
// machine and day: scheduled and running hours, cycles, alarms), failures.csv (breakdowns that
// stopped a machine), service_visits.csv (repairs and preventive maintenance) and parts_orders.csv
// (consumables and spare parts bought on the parts portal). Accounts that churn at renewal run
// their machines less, break down more and buy their consumables elsewhere over the months before.

import type { Account } from './crm-accounts.ts';
import type { Rng } from './random.ts';
import { rngFor } from './random.ts';
import { officeSecond } from './seasonality.ts';
import { STREAM } from './streams.ts';
import type { World } from './world.ts';
import { csvRow } from './writer.ts';

const MACHINE_HEADER = 'serial_no,account_code,model,category,installed_on,warranty_until';
const TELEMETRY_HEADER = 'serial_no,account_code,date,scheduled_hours,running_hours,cycles,alarms';
const FAILURE_HEADER =
  'failure_id,serial_no,account_code,occurred_at,fault_code,description,downtime_hours,resolved_at';
const VISIT_HEADER = 'visit_id,serial_no,account_code,kind,failure_id,visited_at,hours,engineer';
const ORDER_HEADER =
  'order_no,account_code,ordered_at,category,sku,description,quantity,unit_price,amount,currency';

interface Line {
  readonly model: string;
  readonly category: string;
  /** Cycles per running hour (parts, samples, brews). */
  readonly cyclesPerHour: number;
  /** Consumables used per running hour, and how they are sold. */
  readonly consumable: { sku: string; name: string; price: number; perHour: number };
  readonly part: { sku: string; name: string; price: number };
  readonly faults: readonly (readonly [string, string])[];
}

// What an account of an industry runs. Accounts of other industries have no machines of ours.
const LINES: Readonly<Record<string, readonly Line[]>> = {
  制造: [
    {
      model: 'VMC-850',
      category: 'machining_centre',
      cyclesPerHour: 6,
      consumable: { sku: 'CL-20', name: '切削液浓缩液 20L', price: 680, perHour: 0.012 },
      part: { sku: 'SP-SPINDLE-B', name: '主轴轴承组件', price: 4800 },
      faults: [
        ['E101', '主轴过热'],
        ['E205', '伺服驱动报警'],
        ['E310', '刀库换刀故障'],
      ],
    },
    {
      model: 'HMC-630',
      category: 'machining_centre',
      cyclesPerHour: 4,
      consumable: { sku: 'FLT-HMC', name: '冷却液过滤芯', price: 260, perHour: 0.03 },
      part: { sku: 'SP-BALLSCREW', name: '滚珠丝杠', price: 6200 },
      faults: [
        ['E101', '主轴过热'],
        ['E402', '液压压力低'],
      ],
    },
  ],
  医疗: [
    {
      model: 'BC-6800',
      category: 'haematology_analyser',
      cyclesPerHour: 60,
      consumable: { sku: 'RG-DIL-20L', name: '稀释液 20L', price: 920, perHour: 0.02 },
      part: { sku: 'SP-PROBE', name: '采样针组件', price: 2600 },
      faults: [
        ['A12', '采样针堵塞'],
        ['A31', '温控异常'],
      ],
    },
    {
      model: 'CL-2000i',
      category: 'immunoassay_analyser',
      cyclesPerHour: 90,
      consumable: { sku: 'RG-CL-KIT', name: '化学发光试剂盒', price: 1500, perHour: 0.015 },
      part: { sku: 'SP-PMT', name: '光电倍增管', price: 9800 },
      faults: [
        ['A12', '采样针堵塞'],
        ['A55', '光路校准失败'],
      ],
    },
  ],
  餐饮: [
    {
      model: 'CM-2G',
      category: 'coffee_machine',
      cyclesPerHour: 25,
      consumable: { sku: 'CLN-TAB', name: '清洁片 100片', price: 180, perHour: 0.03 },
      part: { sku: 'SP-GRINDER', name: '磨豆机刀盘', price: 1200 },
      faults: [
        ['C07', '锅炉压力异常'],
        ['C15', '磨豆机卡滞'],
      ],
    },
  ],
};

const ENGINEERS = ['王工', '李工', '张工', '刘工', '陈工', '杨工', '赵工', '黄工'];

/** Whether an account runs our machines (contracted, in an industry we sell machines to). */
export function hasEquipment(a: Account): boolean {
  return a.contracted && LINES[a.industry] !== undefined;
}

/**
 * How healthy an account's machine use is on a day: 1 while healthy; an account that will churn
 * slides towards `1 - strength` over `span` days before it (strength and span vary per account, so
 * some churners give little warning).
 */
export function equipmentHealth(a: Account, day: number, strength: number, span: number): number {
  if (a.churnDay < 0) return 1;
  const toChurn = a.churnDay - day;
  return toChurn >= span ? 1 : 1 - strength * (1 - Math.max(0, toChurn) / span);
}

interface Machine {
  /** Index of the machine in the run (its random stream). */
  readonly id: number;
  readonly serial: string;
  readonly line: Line;
  readonly installDay: number;
  /** Share of scheduled hours the machine runs while the account is healthy. */
  readonly utilisation: number;
  /** Breakdowns per running hour while healthy (older machines break more): 0.6-2 per 1000 h. */
  readonly failureRate: number;
}

/** Writes the five equipment files. */
export async function writeEquipmentFiles(world: World): Promise<void> {
  const { ctx, output } = world;
  const sinks = {
    machines: output.open('equipment/machines.csv', 'equipment', MACHINE_HEADER),
    telemetry: output.open('equipment/telemetry_daily.csv', 'equipment', TELEMETRY_HEADER),
    failures: output.open('equipment/failures.csv', 'equipment', FAILURE_HEADER),
    visits: output.open('equipment/service_visits.csv', 'equipment', VISIT_HEADER),
    orders: output.open('equipment/parts_orders.csv', 'equipment', ORDER_HEADER),
  };
  const ids = { serial: 0, failure: 0, visit: 0, order: 0 };
  for (const a of ctx.accounts) {
    if (!hasEquipment(a)) continue;
    writeAccount(world, a, sinks, ids);
    await sinks.telemetry.drain();
  }
  for (const sink of Object.values(sinks)) await sink.close();
}

type Sinks = Record<
  'machines' | 'telemetry' | 'failures' | 'visits' | 'orders',
  { line(text: string): void }
>;

function writeAccount(
  world: World,
  a: Account,
  sinks: Sinks,
  ids: { serial: number; failure: number; visit: number; order: number },
): void {
  const { ctx, counts } = world;
  const { cal, season } = ctx;
  const rng = rngFor(ctx.seed, STREAM.equipment, a.index);
  const lines = LINES[a.industry]!;
  // Shifts: one (8 h), two (16 h) or round the clock (22 h); some run weekends too.
  const shiftHours = rng.pick([8, 8, 16, 16, 22]);
  const weekends = rng.chance(0.3);
  const strength = 0.35 + 0.5 * rng.float();
  const span = rng.between(60, 150);
  // A slow spell (a thin order book, a line being rebuilt) that has nothing to do with churn.
  const slowFrom = rng.chance(0.4) ? rng.int(cal.days) : -1;
  const slowTo = slowFrom + rng.between(20, 50);
  const slowFactor = 0.45 + 0.3 * rng.float();
  const count = Math.min(12, 1 + rng.poisson(Math.sqrt(a.seats) / 2));
  const machines: Machine[] = [];
  for (let m = 0; m < count; m++) {
    const line = rng.pick(lines);
    const installDay = Math.min(a.contractStartDay + rng.int(120), cal.days - 1);
    const id = ++ids.serial;
    const serial = `${line.model.replace(/[^A-Z0-9]/g, '')}-${String(id).padStart(6, '0')}`;
    const ageYears = Math.max(0, -installDay / 365);
    machines.push({
      id,
      serial,
      line,
      installDay,
      utilisation: 0.55 + 0.35 * rng.float(),
      failureRate: (0.0006 + 0.0006 * rng.float()) * (1 + 0.25 * ageYears),
    });
    sinks.machines.line(
      csvRow([serial, a.code, line.model, line.category, cal.date(installDay), cal.date(installDay + 730)]),
    );
    counts.add('equipment', 'machines');
  }
  const to = a.churnDay >= 0 ? Math.min(cal.days, a.churnDay) : cal.days;
  // Consumables used since the last order, per product line; an account reorders a line once it has
  // used what it usually orders at a time (2-6 weeks' worth) and buys only part of it from us when on
  // its way out.
  const used = new Float64Array(lines.length);
  const reorder = lines.map((line) => {
    const weekly = machines
      .filter((m) => m.line === line)
      .reduce((s, m) => s + shiftHours * 5 * m.utilisation * line.consumable.perHour, 0);
    return Math.max(1, weekly * (2 + 4 * rng.float()));
  });
  for (let day = 0; day < to; day++) {
    const wd = cal.weekday(day);
    const weekend = wd === 0 || wd === 6;
    // Factories and clinics close over the Spring Festival (the e-commerce dip marks it).
    const closed = (season.ecom[day] ?? 1) < 0.5;
    const h = equipmentHealth(a, day, strength, span);
    const slow = day >= slowFrom && day < slowTo ? slowFactor : 1;
    for (const machine of machines) {
      if (day < machine.installDay) continue;
      const mrng = rngFor(ctx.seed, STREAM.telemetry, machine.id, day + 1);
      const scheduled = (weekend && !weekends) || closed ? 0 : shiftHours;
      const running = Math.max(
        0,
        Math.min(scheduled, scheduled * machine.utilisation * h * slow * (1 + mrng.normal(0, 0.1))),
      );
      const hours = Math.round(running * 10) / 10;
      // Worn machines that are serviced less break down more often per running hour.
      const broke = hours > 0 && mrng.chance(machine.failureRate * hours * (1 + 3 * (1 - h)));
      sinks.telemetry.line(
        csvRow([
          machine.serial,
          a.code,
          cal.date(day),
          scheduled,
          hours,
          Math.round(hours * machine.line.cyclesPerHour * (0.9 + 0.2 * mrng.float())),
          mrng.poisson(0.05 * hours * (1 + 2 * (1 - h))),
        ]),
      );
      counts.add('equipment', 'telemetry_rows');
      used[lines.indexOf(machine.line)]! += hours * machine.line.consumable.perHour;
      if (broke) writeFailure(world, a, machine, day, mrng, sinks, ids);
      // Preventive maintenance about every 90 days, skipped more often by an account on its way out.
      if ((day - machine.installDay) % 90 === 45 && mrng.chance(0.9 * h)) {
        writeVisit(world, a, machine, 'preventive', '', day * 86_400 + officeSecond(mrng), mrng, sinks, ids);
      }
    }
    if (weekend) continue;
    for (const [k, line] of lines.entries()) {
      if (used[k]! < reorder[k]!) continue;
      const units = Math.round(used[k]! * Math.min(1, h * (0.85 + 0.3 * rng.float())));
      used[k] = 0;
      if (units > 0) {
        writeOrder(
          world,
          a,
          'consumables',
          line.consumable,
          units,
          day * 86_400 + officeSecond(rng),
          sinks,
          ids,
        );
      }
    }
  }
}

function writeFailure(
  world: World,
  a: Account,
  machine: Machine,
  day: number,
  rng: Rng,
  sinks: Sinks,
  ids: { failure: number; visit: number; order: number },
): void {
  const { cal } = world.ctx;
  const [code, description] = rng.pick(machine.line.faults);
  const at = day * 86_400 + 8 * 3_600 + rng.int(12 * 3_600);
  const downtime = Math.round(rng.lognormal(2.5, 0.8) * 10) / 10;
  const resolved = at + Math.round(downtime * 3_600);
  const id = `F${String(++ids.failure).padStart(7, '0')}`;
  sinks.failures.line(
    csvRow([
      id,
      machine.serial,
      a.code,
      cal.local(at),
      code!,
      description!,
      downtime,
      resolved < cal.days * 86_400 ? cal.local(resolved) : '',
    ]),
  );
  world.counts.add('equipment', 'failures');
  const visitAt = at + 3_600 + rng.int(Math.max(3_600, Math.round(downtime * 3_600)));
  if (visitAt < cal.days * 86_400) writeVisit(world, a, machine, 'repair', id, visitAt, rng, sinks, ids);
  // Half the breakdowns need a spare part, ordered that day or within the next two.
  const partAt = (day + rng.int(3)) * 86_400 + officeSecond(rng);
  if (rng.chance(0.5) && partAt < cal.days * 86_400) {
    writeOrder(world, a, 'spare_parts', machine.line.part, 1, partAt, sinks, ids);
  }
}

function writeVisit(
  world: World,
  a: Account,
  machine: Machine,
  kind: 'repair' | 'preventive',
  failureId: string,
  at: number,
  rng: Rng,
  sinks: Sinks,
  ids: { visit: number },
): void {
  const id = `SV${String(++ids.visit).padStart(7, '0')}`;
  const hours = Math.round((kind === 'repair' ? 1 + rng.float() * 5 : 1 + rng.float() * 2) * 10) / 10;
  sinks.visits.line(
    csvRow([
      id,
      machine.serial,
      a.code,
      kind,
      failureId,
      world.ctx.cal.local(at),
      hours,
      rng.pick(ENGINEERS),
    ]),
  );
  world.counts.add('equipment', `visits_${kind}`);
}

function writeOrder(
  world: World,
  a: Account,
  category: 'consumables' | 'spare_parts',
  item: { sku: string; name: string; price: number },
  quantity: number,
  at: number,
  sinks: Sinks,
  ids: { order: number },
): void {
  const no = `PO-EQ${String(++ids.order).padStart(7, '0')}`;
  sinks.orders.line(
    csvRow([
      no,
      a.code,
      world.ctx.cal.local(at),
      category,
      item.sku,
      item.name,
      quantity,
      item.price.toFixed(2),
      (item.price * quantity).toFixed(2),
      'CNY',
    ]),
  );
  world.counts.add('equipment', `orders_${category}`);
}
