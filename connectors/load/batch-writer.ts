import type { ColumnDef, Dialect, Queryable } from '../../warehouse/index.ts';
import type {
  CanonicalRow,
  CanonicalTable,
  FileKind,
  MapContext,
  Rejection,
  SourceRecord,
} from '../connector.ts';
import { UnreadableFileError } from '../errors.ts';
import { createStageSql, mergeStage, type StagedRows } from './merge.ts';
import { tableSpec, type TableSpec } from './tables.ts';

const FLUSH_ROWS = 20_000;

// C0 control characters other than tab, line feed and carriage return. No canonical value
// keeps them: they are noise from the source system (a POS that pads with \x1f, a copy from a
// terminal), and readers down the line use them as separators (identity packs a record's fields
// joined by U+001F and rows by U+001D). Each becomes a space; the raw row keeps the original. The
// engine-side mapping (pushdown.ts) sends every record holding one to this path, so both agree.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f]/;
// eslint-disable-next-line no-control-regex -- as above
const CONTROLS = /[\x00-\x08\x0b\x0c\x0e-\x1f]/g;
// Either of those, or one written as a JSON escape, as NDJSON lines and Parquet rows' JSON text
// hold them: one pass over the text instead of two.
// eslint-disable-next-line no-control-regex -- as above
const CONTROL_OR_ESCAPED = /[\x00-\x08\x0b\x0c\x0e-\x1f]|\\u00[01][0-9a-f]/i;

/** Whether a record's text may hold a control character, in itself or JSON-escaped (cheap; most hold none). */
function mayHoldControl(record: SourceRecord): boolean {
  return CONTROL_OR_ESCAPED.test(record.raw);
}

/** The value with control characters replaced by spaces, in strings, arrays and plain objects. */
function withoutControl(value: unknown): unknown {
  if (typeof value === 'string') return CONTROL.test(value) ? value.replace(CONTROLS, ' ') : value;
  if (Array.isArray(value)) return value.map(withoutControl);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = withoutControl(v);
    return out;
  }
  return value;
}
type Cols = Pick<ColumnDef, 'name' | 'type'>[];
const RAW_COLUMNS: Cols = [
  { name: 'source', type: 'text' },
  { name: 'checksum', type: 'text' },
  { name: 'record_no', type: 'bigint' },
  { name: 'line', type: 'bigint' },
  { name: 'raw', type: 'text' },
  { name: 'ingested_at', type: 'timestamptz' },
];
const QUARANTINE_COLUMNS: Cols = [
  { name: 'source', type: 'text' },
  { name: 'checksum', type: 'text' },
  { name: 'record_no', type: 'bigint' },
  { name: 'path', type: 'text' },
  { name: 'line', type: 'bigint' },
  { name: 'byte_offset', type: 'bigint' },
  { name: 'raw', type: 'text' },
  { name: 'reason_code', type: 'text' },
  { name: 'message', type: 'text' },
  { name: 'run_id', type: 'text' },
  { name: 'quarantined_at', type: 'timestamptz' },
];

/** A staging table being filled: rows as mapped, the file each came from, the columns they fill. */
interface Stage {
  readonly spec: TableSpec;
  readonly stage: string;
  rows: CanonicalRow[];
  files: OpenFile[];
  readonly used: Set<string>;
}

// Filled by the loader, whatever the mapping set.
const LOADER_COLUMNS = new Set(['source', 'file_id', 'ingested_at']);

/** The file being written and its running counts. */
interface OpenFile {
  readonly fileNo: number;
  readonly checksum: string;
  readonly path: string;
  readonly kind: FileKind;
  read: number;
  readonly rejected: Set<number>;
}

/** Per-file counts once the batch is merged. */
export interface FileCounts {
  readonly read: number;
  readonly loaded: number;
  readonly quarantined: number;
  readonly duplicates: number;
  readonly written: Partial<Record<CanonicalTable, number>>;
}

/**
 * Writes the records of a batch of files inside one transaction: raw rows and quarantine go
 * straight to their tables; canonical rows are staged (tagged with file_no and record_no) and
 * merged once at the end, set-based, so many small files cost one merge, not one each.
 */
export class BatchWriter {
  private readonly stages = new Map<CanonicalTable, Stage>();
  private readonly staged = new Map<CanonicalTable, StagedRows[]>();
  private readonly rawRows = new Map<string, unknown[][]>();
  private quarantineRows: unknown[][] = [];
  private readonly files: OpenFile[] = [];
  private current: OpenFile | undefined;
  // Writes run one after another on the transaction, while mapping goes on: a flush waits only
  // for the writes before it, so the engine works on one batch while Node parses the next.
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly tx: Queryable,
    private readonly ctx: { source: string; runId: string | null; now: Date; dialect: Dialect },
  ) {}

  /** Starts the next file; its records follow. Returns the file's number in the batch (file_no). */
  beginFile(checksum: string, path: string, kind: FileKind): number {
    this.current = { fileNo: this.files.length, checksum, path, kind, read: 0, rejected: new Set() };
    this.files.push(this.current);
    return this.current.fileNo;
  }

  /** Counts records of the current file read without passing through `raw` (written by the engine). */
  countRead(n: number): void {
    this.file().read += n;
  }

  /** Keeps one record as read, valid or not, and counts it. */
  raw(record: SourceRecord): void {
    const f = this.file();
    f.read++;
    let rows = this.rawRows.get(f.kind.rawTable);
    if (!rows) this.rawRows.set(f.kind.rawTable, (rows = []));
    rows.push([this.ctx.source, f.checksum, record.recordNo, record.line, record.raw, this.ctx.now]);
  }

  /** Quarantines one record (once, whatever else it was rejected for). */
  reject(r: Rejection, record: SourceRecord | undefined): void {
    const f = this.file();
    if (f.rejected.has(r.recordNo)) return;
    f.rejected.add(r.recordNo);
    this.quarantineRows.push([
      this.ctx.source,
      f.checksum,
      r.recordNo,
      f.path,
      record?.line ?? null,
      record?.byteOffset ?? null,
      record?.raw ?? null,
      r.reason,
      r.message,
      this.ctx.runId,
      this.ctx.now,
    ]);
  }

  /** Maps a group of valid records of the current file and stages what they produce. */
  mapGroup(group: readonly SourceRecord[], mapCtx: MapContext): void {
    const f = this.file();
    let out;
    try {
      out = f.kind.map(group, mapCtx);
    } catch (err) {
      // A file that does not fit its kind (a mapped column it lacks) fails whole, loading nothing.
      if (err instanceof UnreadableFileError) throw err;
      // A mapping bug must not lose records: they go to the quarantine with the error.
      const message = `mapping failed: ${err instanceof Error ? err.message : String(err)}`;
      for (const r of group) this.reject({ recordNo: r.recordNo, reason: 'invalid_record', message }, r);
      return;
    }
    if (out.rejections.length) {
      const byNo = new Map(group.map((r) => [r.recordNo, r]));
      for (const rej of out.rejections) this.reject(rej, byNo.get(rej.recordNo));
    }
    const clean = group.some(mayHoldControl);
    for (const table in out.rows) {
      const rows = out.rows[table as CanonicalTable]!;
      const s = this.stageOf(table as CanonicalTable);
      for (let row of rows) {
        if (f.rejected.size && f.rejected.has(row.record_no)) continue;
        if (clean) row = withoutControl(row) as CanonicalRow;
        s.rows.push(row);
        s.files.push(f);
        for (const column in row) if (row[column] !== null && row[column] !== undefined) s.used.add(column);
      }
    }
  }

  /**
   * Sends what has piled up past the flush size to the engine, and waits for the writes sent
   * before (not these), so the engine loads one batch while Node maps the next.
   */
  async flushFull(): Promise<void> {
    const before = this.writes;
    let sent = false;
    for (const [table, rows] of this.rawRows) {
      if (rows.length >= FLUSH_ROWS) sent = this.flushRaw(table) || sent;
    }
    for (const s of this.stages.values()) if (s.rows.length >= FLUSH_ROWS) sent = this.flushStage(s) || sent;
    if (sent) await before;
  }

  /** Merges everything staged and returns each file's reconciliation, in beginFile order. */
  async finish(): Promise<FileCounts[]> {
    for (const table of this.rawRows.keys()) this.flushRaw(table);
    for (const s of this.stages.values()) this.flushStage(s);
    await this.writes;
    if (this.quarantineRows.length)
      await this.tx.load('ops.quarantine', QUARANTINE_COLUMNS, [this.quarantineRows]);
    const written = this.files.map((): Partial<Record<CanonicalTable, number>> => ({}));
    const loaded = this.files.map(() => 0);
    const tables = [...new Set([...this.stages.keys(), ...this.staged.keys()])];
    for (const table of tables) {
      const s = this.stages.get(table);
      const sources = [
        ...(s
          ? [{ table: s.stage, columns: [...s.spec.columns.map((c) => c.name), 'file_no', 'record_no'] }]
          : []),
        ...(this.staged.get(table) ?? []),
      ];
      const counts = await mergeStage(this.tx, tableSpec(table), sources, this.ctx.dialect);
      for (const [fileNo, n] of counts.changedByFile) {
        written[fileNo]![table] = n;
        if (this.files[fileNo]!.kind.primary === table) loaded[fileNo] = n;
      }
    }
    return this.files.map((f, i) => {
      const quarantined = f.rejected.size;
      return {
        read: f.read,
        loaded: loaded[i]!,
        quarantined,
        duplicates: f.read - loaded[i]! - quarantined,
        written: written[i]!,
      };
    });
  }

  private file(): OpenFile {
    if (!this.current) throw new Error('BatchWriter: beginFile first');
    return this.current;
  }

  private stageOf(table: CanonicalTable): Stage {
    let s = this.stages.get(table);
    if (!s) {
      const spec = tableSpec(table);
      s = { spec, stage: `cdp_stage_${table}`, rows: [], files: [], used: new Set() };
      const create = createStageSql(spec, s.stage);
      this.schedule(() => this.tx.exec(create));
      this.stages.set(table, s);
    }
    return s;
  }

  // Sends a staged table's rows; only columns some row fills travel: a customer record has 30-odd
  // columns and a feed fills a handful, and every value sent costs a conversion. The staging
  // table's others stay null.
  private flushStage(s: Stage): boolean {
    if (!s.rows.length) return false;
    const names = s.spec.columns.map((c) => c.name).filter((n) => s.used.has(n) || LOADER_COLUMNS.has(n));
    const cols: Cols = [
      ...s.spec.columns.filter((c) => names.includes(c.name)),
      { name: 'file_no', type: 'integer' },
      { name: 'record_no', type: 'bigint' },
    ];
    const { rows, files } = s;
    const out: unknown[][] = new Array(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      const f = files[r]!;
      const values = new Array<unknown>(cols.length);
      for (let i = 0; i < names.length; i++) {
        const name = names[i]!;
        values[i] =
          name === 'source'
            ? this.ctx.source
            : name === 'file_id'
              ? f.checksum
              : name === 'ingested_at'
                ? this.ctx.now
                : (row[name] ?? null);
      }
      values[names.length] = f.fileNo;
      values[names.length + 1] = row.record_no;
      out[r] = values;
    }
    s.rows = [];
    s.files = [];
    this.schedule(() => this.tx.load(s.stage, cols, [out]));
    return true;
  }

  private flushRaw(table: string): boolean {
    const rows = this.rawRows.get(table);
    if (!rows?.length) return false;
    this.rawRows.set(table, []);
    this.schedule(() => this.tx.load(table, RAW_COLUMNS, [rows]));
    return true;
  }

  /**
   * Runs statements of the caller's on the transaction after the writes queued before, and waits
   * for them: the connection runs one statement at a time.
   */
  run<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const result = this.writes.then(() => fn(this.tx));
    const next = result.then(() => undefined);
    next.catch(() => undefined);
    this.writes = next;
    return result;
  }

  /** Adds rows the caller staged itself (a temporary table, dropped by the merge) to a table's merge. */
  addStaged(table: CanonicalTable, rows: StagedRows): void {
    let list = this.staged.get(table);
    if (!list) this.staged.set(table, (list = []));
    list.push(rows);
  }

  /** Waits for writes in flight, ignoring their errors: before a rollback touches the connection. */
  async drain(): Promise<void> {
    await this.writes.catch(() => undefined);
  }

  // Queues a write after the ones before it. A failed write fails every later one and surfaces at
  // the next flush or in finish(), rolling the batch back.
  private schedule(write: () => Promise<unknown>): void {
    const next = this.writes.then(async () => {
      await write();
    });
    next.catch(() => undefined); // handled where awaited; keeps Node from calling it unhandled
    this.writes = next;
  }
}
