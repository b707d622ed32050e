import type { ColumnDef, Queryable } from '../../warehouse/index.ts';
import type {
  CanonicalRow,
  CanonicalTable,
  FileKind,
  MapContext,
  Rejection,
  SourceRecord,
} from '../connector.ts';
import { UnreadableFileError } from '../errors.ts';
import { createStageSql, mergeStage } from './merge.ts';
import { tableSpec, type TableSpec } from './tables.ts';

const FLUSH_ROWS = 20_000;
type Cols = Pick<ColumnDef, 'name' | 'type'>[];
const RAW_COLUMNS: Cols = [
  { name: 'source', type: 'text' },
  { name: 'checksum', type: 'text' },
  { name: 'record_no', type: 'bigint' },
  { name: 'line', type: 'bigint' },
  { name: 'record', type: 'json' },
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

/** A staging table being filled, and where the loader-owned columns sit in its rows. */
interface Stage {
  readonly spec: TableSpec;
  readonly stage: string;
  rows: unknown[][];
  readonly sourceAt: number;
  readonly fileIdAt: number;
  readonly ingestedAt: number;
}

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
  private readonly rawRows = new Map<string, unknown[][]>();
  private quarantineRows: unknown[][] = [];
  private readonly files: OpenFile[] = [];
  private current: OpenFile | undefined;
  // Writes run one after another on the transaction, while mapping goes on: a flush waits only
  // for the write before it, so the engine works on one batch while Node parses the next.
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly tx: Queryable,
    private readonly ctx: { source: string; runId: string | null; now: Date },
  ) {}

  /** Starts the next file; its records follow. */
  beginFile(checksum: string, path: string, kind: FileKind): void {
    this.current = { fileNo: this.files.length, checksum, path, kind, read: 0, rejected: new Set() };
    this.files.push(this.current);
  }

  /** Keeps one record as read, valid or not. */
  async raw(record: SourceRecord): Promise<void> {
    const f = this.file();
    f.read++;
    const rows = this.rawRows.get(f.kind.rawTable) ?? [];
    this.rawRows.set(f.kind.rawTable, rows);
    rows.push([this.ctx.source, f.checksum, record.recordNo, record.line, record.fields, this.ctx.now]);
    if (rows.length >= FLUSH_ROWS) await this.flushRaw(f.kind.rawTable);
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
  async mapGroup(group: readonly SourceRecord[], mapCtx: MapContext): Promise<void> {
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
    const byNo = new Map(group.map((r) => [r.recordNo, r]));
    for (const rej of out.rejections) this.reject(rej, byNo.get(rej.recordNo));
    for (const [table, rows] of Object.entries(out.rows) as [CanonicalTable, CanonicalRow[]][]) {
      for (const row of rows) if (!f.rejected.has(row.record_no)) await this.stage(table, row, f);
    }
  }

  /** Merges everything staged and returns each file's reconciliation, in beginFile order. */
  async finish(): Promise<FileCounts[]> {
    for (const table of [...this.rawRows.keys()]) await this.flushRaw(table);
    for (const s of this.stages.values()) await this.flushStage(s);
    await this.writes;
    if (this.quarantineRows.length)
      await this.tx.load('ops.quarantine', QUARANTINE_COLUMNS, [this.quarantineRows]);
    const written = this.files.map((): Partial<Record<CanonicalTable, number>> => ({}));
    const loaded = this.files.map(() => 0);
    for (const [table, s] of this.stages) {
      const counts = await mergeStage(this.tx, s.spec, s.stage);
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

  private async stage(table: CanonicalTable, row: CanonicalRow, f: OpenFile): Promise<void> {
    let s = this.stages.get(table);
    if (!s) {
      const spec = tableSpec(table);
      const at = (name: string): number => spec.columns.findIndex((c) => c.name === name);
      s = {
        spec,
        stage: `cdp_stage_${table}`,
        rows: [],
        sourceAt: at('source'),
        fileIdAt: at('file_id'),
        ingestedAt: at('ingested_at'),
      };
      const create = createStageSql(spec, s.stage);
      await this.enqueue(() => this.tx.exec(create));
      this.stages.set(table, s);
    }
    const cols = s.spec.columns;
    const out = new Array<unknown>(cols.length + 2);
    for (let i = 0; i < cols.length; i++) out[i] = row[cols[i]!.name] ?? null;
    out[s.sourceAt] = this.ctx.source;
    out[s.fileIdAt] = f.checksum;
    out[s.ingestedAt] = this.ctx.now;
    out[cols.length] = f.fileNo;
    out[cols.length + 1] = row.record_no;
    s.rows.push(out);
    if (s.rows.length >= FLUSH_ROWS) await this.flushStage(s);
  }

  private async flushStage(s: Stage): Promise<void> {
    if (!s.rows.length) return;
    const cols: Cols = [
      ...s.spec.columns,
      { name: 'file_no', type: 'integer' },
      { name: 'record_no', type: 'bigint' },
    ];
    // Only columns some row fills travel: a customer record has 30-odd columns and a feed fills a
    // handful, and every value sent costs a conversion. The staging table's others stay null.
    const used = cols.map((_, i) => s.rows.some((r) => r[i] !== null && r[i] !== undefined));
    const keep = cols.flatMap((c, i) => (used[i] ? [i] : []));
    const rows = keep.length === cols.length ? s.rows : s.rows.map((r) => keep.map((i) => r[i]));
    s.rows = [];
    await this.enqueue(() =>
      this.tx.load(
        s.stage,
        keep.map((i) => cols[i]!),
        [rows],
      ),
    );
  }

  private async flushRaw(table: string): Promise<void> {
    const rows = this.rawRows.get(table);
    if (!rows?.length) return;
    this.rawRows.set(table, []);
    await this.enqueue(() => this.tx.load(table, RAW_COLUMNS, [rows]));
  }

  /** Waits for writes in flight, ignoring their errors: before a rollback touches the connection. */
  async drain(): Promise<void> {
    await this.writes.catch(() => undefined);
  }

  // Queues a write after the ones before it and waits for the previous one only. A failed write
  // fails every later one and surfaces at the next flush or in finish(), rolling the batch back.
  private async enqueue(write: () => Promise<unknown>): Promise<void> {
    const previous = this.writes;
    const next = previous.then(async () => {
      await write();
    });
    next.catch(() => undefined); // handled where awaited; keeps Node from calling it unhandled
    this.writes = next;
    await previous;
  }
}
