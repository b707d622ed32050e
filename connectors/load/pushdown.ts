import {
  quoteIdent,
  quoteTable,
  sql,
  sqlString,
  type Dialect,
  type LogicalType,
  type Queryable,
} from '../../warehouse/index.ts';
import type {
  CanonicalTable,
  CsvPushdown,
  FileKind,
  MapContext,
  PushdownSql,
  SourceRecord,
} from '../connector.ts';
import type { PlainCsv } from '../files/csv-preflight.ts';
import type { BatchWriter } from './batch-writer.ts';
import type { StagedRows } from './merge.ts';
import {
  distinctValueLookups,
  fieldValueSql,
  plainForm,
  plainLineRegex,
  type FieldColumn,
} from './pushdown-fields.ts';

/** A file the engine maps: a plain CSV whose header has every column the pushdown reads. */
export interface PushdownPlan {
  readonly kind: FileKind & { readonly pushdown: CsvPushdown };
  readonly plain: PlainCsv;
  /** Column names as read from the header (trimmed). */
  readonly names: readonly string[];
  readonly delimiter: string;
}

/** Settings of one pushed-down file. */
export interface PushdownFile {
  readonly dialect: Dialect;
  readonly fileNo: number;
  readonly checksum: string;
  readonly source: string;
  readonly now: Date;
  readonly ctx: MapContext;
}

// Records the engine hands back for mapping in Node are fetched this many at a time.
const PAGE = 5_000;
// Records whose fields decide which fields the line's regex checks (see preparePushdown).
const SAMPLE_RECORDS = 1000;
// A record's number in the steps: its file's number in the batch times 2^FILE_BITS, plus its number
// in the file; `record_no >> FILE_BITS` is the file's number.
const FILE_BITS = 32;
const FILE_SPAN = 2 ** FILE_BITS;

/** Where plain CSV files are mapped: see IngestOptions.pushdown. */
export type PushdownMode = 'auto' | 'always' | 'never';

// The engine's way costs some twenty statements a group of files, and a few milliseconds a file
// (its lines loaded, its records looked for), whatever their size, which daily exports of a few
// hundred lines do not repay: 549 small POS files took 0.9 s record by record, 45 s pushed down one
// by one. Record by record costs ~28 us a line and ~1.6 ms a file on DuckDB, pushed down ~13 us a
// line and ~7 ms a file (200 files of 5,000 lines), so files under ~35 KB on average stay in Node.
const MIN_PUSHDOWN_BYTES = 1024 * 1024;
const MIN_PUSHDOWN_FILE_BYTES = 32 * 1024;

/**
 * Whether the engine's way may be tried for files of a kind (they must still turn out plain, and,
 * under 'auto', worth it: worthPushingDown). 'auto' tries it on DuckDB only: Postgres runs a
 * statement on one core, and splitting and matching a million lines there is slower than Node
 * doing it while COPY loads (bench ingest-pos: 20k lines/s pushed down, 50k record by record;
 * after migration 14, without the raw JSON, 89 s against 53 s).
 */
export function mayPushDown(kind: FileKind, mode: PushdownMode, dialect: Dialect): boolean {
  if (!kind.pushdown || kind.format !== 'csv' || mode === 'never') return false;
  return mode === 'always' || dialect.name === 'duckdb';
}

/** Whether a group of plain files (pushdownGroupKey) is worth mapping in the engine. */
export function worthPushingDown(bytes: readonly number[], mode: PushdownMode): boolean {
  if (mode === 'always') return true;
  const total = bytes.reduce((a, b) => a + b, 0);
  return total >= MIN_PUSHDOWN_BYTES && total / bytes.length >= MIN_PUSHDOWN_FILE_BYTES;
}

/**
 * The pushdown plan of a file of a kind, or null when the file goes the record-by-record way:
 * the kind has no pushdown, the file is not plain CSV, or its header lacks a column or repeats one.
 */
export function planPushdown(kind: FileKind, plain: PlainCsv | null): PushdownPlan | null {
  const pushdown = kind.pushdown;
  if (!pushdown || !plain || kind.format !== 'csv') return null;
  if (kind.csv?.header === false || kind.csv?.columns) return null;
  const delimiter = kind.csv?.delimiter ?? ',';
  // A delimiter of control characters or quotes is not worth the care: the file goes record by record.
  if (!delimiter || [...delimiter].some((c) => c === '"' || (c < ' ' && c !== '\t'))) return null;
  const names = plain.header.split(delimiter).map((h) => h.trim());
  // Records are objects keyed by these names: a repeated name or one an object does not keep as
  // an own key would read differently.
  if (new Set(names).size !== names.length || names.includes('__proto__')) return null;
  const needed = [...Object.values(pushdown.fields).map((f) => f.column), ...(pushdown.groupColumns ?? [])];
  if (!needed.every((c) => names.includes(c))) return null;
  if (kind.groupKey && !pushdown.groupColumns) return null;
  return { kind: kind as PushdownPlan['kind'], plain, names, delimiter };
}

/** Runs statements where a pushed-down file is prepared (see preparePushdown). */
export type RunStatements = <T>(fn: (q: Queryable) => Promise<T>) => Promise<T>;

/** A file of a pushed-down group: its plan and its settings. */
export interface PushdownMember {
  readonly plan: PushdownPlan;
  readonly file: PushdownFile;
}

/**
 * Pushed-down files made ready in the engine together (one file, or the files of a batch with the
 * same kind and header); loadPrepared writes each.
 */
export interface PreparedPushdown {
  readonly members: readonly PushdownMember[];
  /** Temporary table of the members' lines `(file_no, line_no, line)`, for the raw rows. */
  readonly lines: string;
  /** Temporary table of the records that go back to Node, by file_no and record_no. */
  readonly fallback: string;
  /** The files with records in it. */
  readonly fallbackFiles: ReadonlySet<number>;
  /** Each canonical table's staged rows (temporary tables, dropped by the merge). */
  readonly stages: readonly { readonly table: CanonicalTable; readonly rows: StagedRows }[];
}

/**
 * Loads a plain CSV file in the engine (see CsvPushdown): lines, raw rows, staged canonical rows.
 * Groups the SQL cannot vouch for, and records that do not split into the header's columns, come
 * back to Node and go through the kind's `map` as if read record by record.
 */
export async function loadPushedDown(
  writer: BatchWriter,
  plan: PushdownPlan,
  file: PushdownFile,
): Promise<void> {
  await loadPrepared(writer, await preparePushdown((fn) => writer.run(fn), [{ plan, file }]), file.fileNo);
}

/**
 * Writes one file of prepared ones in the batch's transaction, when BatchWriter has begun it: the
 * records that go back to Node, mapped there, and its count of records read. With the first file,
 * every file's raw rows and the staged rows (merged with the batch's others by `finish`); after
 * the last, the lines go.
 */
export async function loadPrepared(
  writer: BatchWriter,
  prepared: PreparedPushdown,
  fileNo: number,
): Promise<void> {
  const { members } = prepared;
  const at = members.findIndex((m) => m.file.fileNo === fileNo);
  if (at < 0) throw new Error(`loadPrepared: file ${fileNo} is not one of the prepared files`);
  const { plan, file } = members[at]!;
  if (at === 0) {
    // Raw rows: every record's line as it stands in the file, valid or not.
    const text = file.dialect.columnType('text');
    const checksum = `CAST(${checksumOf(members, 'l.file_no')} AS ${text})`;
    await writer.run((tx) =>
      tx.query(
        sql`INSERT INTO ${sql.__dangerous__rawValue(quoteTable(plan.kind.rawTable))} (source, checksum, record_no, line, raw, ingested_at)
            SELECT CAST(${file.source} AS ${sql.__dangerous__rawValue(text)}), ${sql.__dangerous__rawValue(checksum)},
              l.line_no - 1, l.line_no, l.line, CAST(${file.now} AS TIMESTAMPTZ)
            FROM ${sql.__dangerous__rawValue(quoteIdent(prepared.lines))} l WHERE l.line_no > 1`,
      ),
    );
    for (const s of prepared.stages) writer.addStaged(s.table, s.rows);
  }
  if (prepared.fallbackFiles.has(fileNo)) {
    await remapInNode(writer, plan, file.ctx, quoteIdent(prepared.fallback), fileNo);
  }
  if (at === members.length - 1) {
    await writer.run((tx) =>
      tx.exec(`DROP TABLE ${quoteIdent(prepared.fallback)}; DROP TABLE ${quoteIdent(prepared.lines)}`),
    );
  }
  writer.countRead(plan.plain.records);
}

/**
 * SQL of the checksum of the member whose number is `fileNo` (an expression): an element of an
 * array of them indexed by file number, cheaper than a join, which DuckDB could build on the rows
 * rather than on the few files.
 */
function checksumOf(members: readonly PushdownMember[], fileNo: string): string {
  if (members.length === 1) return sqlString(members[0]!.file.checksum);
  const by = new Map(members.map((m) => [m.file.fileNo, m.file.checksum]));
  const last = Math.max(...by.keys());
  const all = Array.from({ length: last + 1 }, (_, i) => (by.has(i) ? sqlString(by.get(i)!) : 'NULL'));
  return `(ARRAY[${all.join(', ')}])[CAST(${fileNo} AS INTEGER) + 1]`;
}

/** Drops what is left of prepared files (after their batch, committed or not). */
export async function discardPrepared(q: Queryable, prepared: PreparedPushdown): Promise<void> {
  const tables = [prepared.lines, prepared.fallback, ...prepared.stages.map((s) => s.rows.table)];
  await q.exec(tables.map((t) => `DROP TABLE IF EXISTS ${quoteIdent(t)}`).join('; '));
}

/**
 * The key files are pushed down together under: one kind, one header, one delimiter. Such files
 * split into the same columns, so one set of statements maps them all (a chain's stores each
 * export a file a day: two hundred files of 5,000 lines took 52 s one by one, 28 s record by
 * record in Node).
 */
export function pushdownGroupKey(plan: PushdownPlan): string {
  return JSON.stringify([plan.kind.kind, plan.kind.rawTable, plan.names, plan.delimiter]);
}

/**
 * Maps plain CSV files of one kind and header (pushdownGroupKey) in the engine up to the writes:
 * their lines, the records that go back to Node, and each canonical table's staged rows, all
 * temporary tables named by the first file's number in its batch; the steps between are dropped
 * before it returns. A record is known by its file's number in the batch and its number in the
 * file, as one BIGINT in the steps (`record_no`: file_no * 2^32 + record number), so groups,
 * positions and heads read as in one file. On DuckDB this runs before the batch's transaction
 * (ingest-batch.ts): DuckDB scans a table created in the running transaction on one thread (the
 * 1M-line POS split took 2.0 s in one against 1.1 s outside), and drops nothing there before the end.
 */
export async function preparePushdown(
  run: RunStatements,
  members: readonly PushdownMember[],
): Promise<PreparedPushdown> {
  const { plan, file } = members[0]!;
  if (members.some((m) => pushdownGroupKey(m.plan) !== pushdownGroupKey(plan))) {
    throw new Error('preparePushdown: files of different kinds or headers');
  }
  const { kind, names, delimiter } = plan;
  const { dialect } = file;
  const pd = kind.pushdown;
  const n = names.length;
  // The temporary tables of the steps between the lines and the staging tables, in order.
  const made: string[] = [];
  const exec = (text: string): Promise<void> => run((q) => q.exec(text));
  const analyze = (table: string): string => (dialect.analyze(table) ? `; ${dialect.analyze(table)}` : '');
  const create = async (name: string, select: string): Promise<string> => {
    const t = quoteIdent(name);
    await exec(`CREATE TEMP TABLE ${t} AS ${select}${analyze(t)}`);
    made.push(name);
    return t;
  };
  // Inside a transaction dropping frees nothing before it ends (it could still roll back), so the
  // steps below materialise as little as they can: under the warehouse's memory cap (1 GB by
  // default) every table held makes DuckDB spill the others to disk.
  const drop = (): Promise<void> =>
    exec(
      [...made]
        .reverse()
        .map((t) => `DROP TABLE IF EXISTS ${quoteIdent(t)}`)
        .join('; '),
    );
  const count = async (query: string): Promise<number> => {
    const { rows } = await run((q) => q.query<{ n: number }>(sql.__dangerous__rawValue(query)));
    return Number(rows[0]?.n ?? 0);
  };
  const col = (name: string): string => `c${names.indexOf(name) + 1}`;
  const fields: FieldColumn[] = Object.entries(pd.fields).map(([name, field], i) => ({
    name,
    field,
    column: col(field.column),
    index: i,
  }));

  // The lines of every file in one table, each numbered from 1 (its header is line 1).
  const linesName = `cdp_pd_lines_${file.fileNo}`;
  const lines = quoteIdent(linesName);
  await run((q) =>
    q.loadFileLines(
      linesName,
      members.map((m) => ({
        fileNo: m.file.fileNo,
        input: m.plan.plain.lines(),
        lines: m.plan.plain.records + 1,
      })),
    ),
  );
  if (dialect.analyze(lines)) await exec(dialect.analyze(lines));
  // Not inlined: Postgres would split the line once per field. `lp`: whether the line's regex
  // (plainLineRegex) vouches for the fields it covers.
  const splitOf = (where: string, lineRegex = 'false'): string =>
    `(SELECT file_no, file_no * ${FILE_SPAN} + line_no - 1 AS record_no, line, f, ${dialect.arrayLength('f')} AS nf,
       ${lineRegex} AS lp
     FROM (SELECT file_no, line_no, line, ${dialect.splitText('line', sqlString(delimiter))} AS f
           FROM ${lines} l0 WHERE ${where} ${dialect.noInline}) l)`;

  // One row per record: its fields, whether it splits into the header's columns (nf), whether it
  // holds a control character, and which fields are plain. Not its line: the raw rows and the
  // records that go back to Node read that from the lines table.
  const fieldList = names.map((_, i) => `(f)[${i + 1}] AS c${i + 1}`).join(', ');
  const flagged = fields.flatMap((f) => {
    const plain = plainForm(dialect, f.field, `(f)[${names.indexOf(f.field.column) + 1}]`);
    return plain ? [{ f, plain }] : [];
  });
  // The fields plain in the first records are checked by one regex over the line (most files keep
  // a field's form throughout); a line it fails is checked field by field.
  const sample = flagged.length
    ? (
        await run((q) =>
          q.query<Record<string, boolean | null>>(
            sql.__dangerous__rawValue(
              `SELECT ${flagged.map(({ f, plain }) => `bool_and(COALESCE(${plain}, false)) AS s${f.index}`).join(', ')}
               FROM ${splitOf(`file_no = ${file.fileNo} AND line_no > 1 AND line_no <= ${1 + SAMPLE_RECORDS}`)} s
               WHERE nf = ${n}`,
            ),
          ),
        )
      ).rows[0]
    : undefined;
  // Not on Postgres: its regex engine took 330 s over a million POS lines with the line's regex,
  // where the checks field by field take seconds.
  const line =
    dialect.name === 'duckdb'
      ? plainLineRegex(
          flagged.filter(({ f }) => sample?.[`s${f.index}`] === true).map(({ f }) => f),
          n,
          delimiter,
        )
      : null;
  const byLine = new Set(line?.fields ?? []);
  const plainFlags = flagged.map(({ f, plain }) =>
    byLine.has(f) ? `CASE WHEN lp THEN true ELSE ${plain} END AS p${f.index}` : `${plain} AS p${f.index}`,
  );
  const rec = await create(
    'cdp_pd_rec',
    `SELECT s.file_no, s.record_no, nf, ${members.some((m) => m.plan.plain.controls) ? dialect.regexpMatches('line', CONTROL) : 'false'} AS ctl,
       ${[fieldList, ...plainFlags].join(', ')}
     FROM ${splitOf('line_no > 1', line ? dialect.regexpMatches('line', line.regex) : 'false')} s`,
  );

  // Groups: runs of records (among those that split into the header's columns) with the same key,
  // as writeRecords makes them; a group is named by the record_no of its first record, and each
  // record has its position in it. Windows sort, so they run over the key alone.
  // Records that do not split into the header's columns: parse errors, mapped in Node.
  const ragged = await count(`SELECT count(*) AS n FROM ${rec} WHERE nf <> ${n}`);
  let groups: { join: string; grp: string; pos: string } = {
    join: '',
    grp: `CASE WHEN r.nf = ${n} THEN r.record_no END`,
    pos: '1',
  };
  if (kind.groupKey) {
    // The group key of a record: its file and key columns, compared one by one (joined into one
    // text, two keys could read alike, and the text costs more to build and hash than the short fields).
    const keyCols = ['file_no', ...pd.groupColumns!.map(col)];
    const sameKey = (a: string, b: string): string =>
      keyCols.map((c) => `${a}.${c} = ${b}.${c}`).join(' AND ');
    // Exports write a receipt's lines together, so each key is mostly one run: then a group is its
    // key, found by a hash aggregate, with no sort (half the cost of the windows below).
    const keys = await create(
      'cdp_pd_keys',
      `SELECT ${keyCols.join(', ')}, min(record_no) AS grp, max(record_no) - min(record_no) + 1 - count(*) AS gaps
       FROM ${rec} WHERE nf = ${n} GROUP BY ${keyCols.join(', ')}`,
    );
    const { rows: shape } = await run((q) =>
      q.query<{ broken: number }>(
        sql.__dangerous__rawValue(`SELECT count(*) AS broken FROM ${keys} WHERE gaps <> 0`),
      ),
    );
    // With every record split right, a key's runs are its stretches of consecutive record numbers;
    // only keys in more than one (a receipt exported twice) need a window, over their records alone.
    if (!ragged) {
      let grp = 'g.grp';
      let join = `LEFT JOIN ${keys} g ON ${sameKey('g', 'r')}`;
      if (Number(shape[0]?.broken)) {
        const over = `OVER (PARTITION BY ${keyCols.join(', ')} ORDER BY record_no`;
        const runs = await create(
          'cdp_pd_runs',
          `SELECT record_no, max(CASE WHEN start THEN record_no END) ${over} ROWS UNBOUNDED PRECEDING) AS grp
           FROM (SELECT record_no, ${keyCols.join(', ')},
                   COALESCE(record_no <> lag(record_no) ${over}) + 1, true) AS start
                 FROM (SELECT r.* FROM ${rec} r
                       JOIN (SELECT ${keyCols.join(', ')} FROM ${keys} WHERE gaps <> 0) b ON ${sameKey('b', 'r')}) b) s`,
        );
        grp = 'COALESCE(u.grp, g.grp)';
        join += ` LEFT JOIN ${runs} u ON u.record_no = r.record_no`;
      }
      groups = { join, grp, pos: `r.record_no - ${grp} + 1` };
    } else {
      const changed = keyCols.map((c) => `${c} IS DISTINCT FROM lag(${c}) OVER o`).join(' OR ');
      const grp = await create(
        'cdp_pd_grp',
        `SELECT record_no, max(CASE WHEN start THEN record_no END) OVER w AS grp,
           seq - max(CASE WHEN start THEN seq END) OVER w + 1 AS pos
         FROM (SELECT record_no, row_number() OVER o AS seq, ${changed} AS start
               FROM ${rec} WHERE nf = ${n}
               WINDOW o AS (ORDER BY record_no)) s
         WINDOW w AS (ORDER BY record_no ROWS UNBOUNDED PRECEDING)`,
      );
      groups = { join: `LEFT JOIN ${grp} g ON g.record_no = r.record_no`, grp: 'g.grp', pos: 'g.pos' };
    }
  }
  const { rows: read } = await run((q) =>
    q.query<{ file_no: number; n: number }>(
      sql.__dangerous__rawValue(`SELECT file_no, count(*) AS n FROM ${rec} GROUP BY file_no`),
    ),
  );
  const readBy = new Map(read.map((r) => [Number(r.file_no), Number(r.n)]));
  for (const m of members) {
    const records = readBy.get(m.file.fileNo) ?? 0;
    if (records !== m.plan.plain.records) {
      throw new Error(
        `the engine read ${records} records of ${m.file.ctx.file}, expected ${m.plan.plain.records}`,
      );
    }
  }

  // Values not in a plain form, normalised in Node once each.
  const reads = await distinctValueLookups(
    { run },
    {
      dialect,
      ctx: file.ctx,
      records: rec,
      valid: `nf = ${n}`,
      fields,
      temp: (name) => {
        made.push(name);
        return quoteIdent(name);
      },
    },
  );

  const joins = fields
    .filter((f) => reads.lookups.has(f.name))
    .map((f) => `LEFT JOIN ${reads.lookups.get(f.name)!} l${f.index} ON l${f.index}.raw = r.${f.column}`)
    .join('\n');
  const values = fields.map((f) => `${fieldValueSql(dialect, f, reads, groups.grp)} AS v_${f.name}`);
  // The records that split right, every field read, and whether their group needs `map`: a
  // required field blank or malformed, a record the kind finds suspect, or a control character
  // (JSON text of it, in the JSON columns the steps build, differs between JSON.stringify and
  // DuckDB). Materialised once: the checks and every step read it.
  const x = pushdownSql(dialect, file.ctx);
  const required = fields
    .filter((f) => f.field.required)
    .map((f) => (f.field.head ? `(head AND v_${f.name} IS NULL)` : `v_${f.name} IS NULL`));
  const doubtful = ['ctl', ...required, ...(pd.suspect ? [`(${pd.suspect(x)})`] : [])].join(' OR ');
  const ok = await create(
    'cdp_pd_ok',
    `SELECT *, COALESCE(${doubtful}, false) AS doubtful FROM (
       SELECT r.record_no, ${groups.grp} AS grp, ${groups.pos} AS pos, r.record_no = ${groups.grp} AS head, r.ctl,
         ${values.join(',\n')}
       FROM ${rec} r ${groups.join} ${joins} WHERE r.nf = ${n}) a`,
  );

  // What goes back to Node: the records of those groups, and records that do not split right.
  // The rest stays for the steps.
  const bad = await create('cdp_pd_bad', `SELECT DISTINCT grp FROM ${ok} WHERE doubtful`);
  const badGroups = await count(`SELECT count(*) AS n FROM ${bad}`);
  const fallbackName = `cdp_pd_fb_${file.fileNo}`;
  const fallback = quoteIdent(fallbackName);
  // Made even when nothing goes back (most big files), and then without reading the records again.
  await exec(
    `CREATE TEMP TABLE ${fallback} AS SELECT f.*, l.line FROM (
       SELECT r.file_no, r.record_no - r.file_no * ${FILE_SPAN} AS record_no, r.nf <> ${n} AS parse_error,
         b.grp IS NOT NULL AS remap, ${groups.grp} AS grp
       FROM ${rec} r ${groups.join} LEFT JOIN ${bad} b ON b.grp = ${groups.grp}
       WHERE r.nf <> ${n} OR b.grp IS NOT NULL) f
     JOIN ${lines} l ON l.file_no = f.file_no AND l.line_no = f.record_no + 1${ragged || badGroups ? '' : ' LIMIT 0'}${analyze(fallback)}`,
  );
  if (badGroups) await exec(`DELETE FROM ${ok} WHERE grp IN (SELECT grp FROM ${bad})`);
  const { rows: back } = await run((q) =>
    q.query<{ file_no: number }>(sql.__dangerous__rawValue(`SELECT DISTINCT file_no FROM ${fallback}`)),
  );

  // The rows of the groups SQL vouches for, each table's in a narrow staging table of its own:
  // the merge takes them with the record-by-record rows, the files' constants filled in there.
  // Of one file, its number and checksum are constants; of several, columns of each row.
  const one = members.length === 1;
  const constants = {
    source: sqlString(file.source),
    ingested_at: sqlString(file.now.toISOString()),
    ...(one ? { file_id: sqlString(file.checksum), file_no: String(file.fileNo) } : {}),
  };
  const stages: { table: CanonicalTable; rows: StagedRows }[] = [];
  for (const step of pd.steps(x)) {
    if ('temp' in step) {
      await create(step.temp, step.select);
      continue;
    }
    const stage = `cdp_pd_stage_${step.table}_${file.fileNo}`;
    const named = [...step.columns, 'cdp_rid'].map(quoteIdent).join(', ');
    const own = step.columns.map((c) => `q.${quoteIdent(c)}`).join(', ');
    const fileNo = `(q.cdp_rid >> ${FILE_BITS})`;
    const perFile = one
      ? ''
      : `, CAST(${fileNo} AS ${dialect.columnType('integer')}) AS file_no, ${checksumOf(members, fileNo)} AS file_id`;
    await exec(
      `CREATE TEMP TABLE ${quoteIdent(stage)} AS SELECT ${own}, q.cdp_rid - ${fileNo} * ${FILE_SPAN} AS record_no${perFile}
       FROM (${step.select}) q (${named})`,
    );
    const columns = [...step.columns, 'record_no', ...(one ? [] : ['file_no', 'file_id'])];
    stages.push({ table: step.table, rows: { table: stage, columns, constants } });
  }
  await drop();
  return {
    members,
    lines: linesName,
    fallback: fallbackName,
    fallbackFiles: new Set(back.map((r) => Number(r.file_no))),
    stages,
  };
}

// Characters JSON.stringify and DuckDB's JSON writer escape differently: a record holding one is
// mapped in Node.
const CONTROL = '[\\x01-\\x08\\x0b-\\x1f]';

/** The helpers pushed-down SQL gets. */
function pushdownSql(dialect: Dialect, ctx: MapContext): PushdownSql {
  const type = (t: LogicalType): string => dialect.columnType(t);
  return {
    dialect,
    ctx,
    type,
    money: (cents) => `CAST(CAST(${cents} AS DECIMAL(38,0)) * 0.01 AS ${type('money')})`,
  };
}

interface FallbackRow {
  record_no: number;
  parse_error: boolean;
  remap: boolean;
  grp: number | null;
  line: string;
  [column: string]: unknown;
}

/**
 * Fetches the records SQL left to Node, in file order, and treats them as the record-by-record
 * path does: a record that does not split into the header's columns is a parse error, a group
 * goes through `map`. Their raw rows are written with the others, from the lines.
 */
async function remapInNode(
  writer: BatchWriter,
  plan: PushdownPlan,
  ctx: MapContext,
  table: string,
  fileNo: number,
): Promise<void> {
  const { names, delimiter } = plan;
  let last = 0;
  let group: SourceRecord[] = [];
  let groupNo: number | null = null;
  for (;;) {
    const { rows } = await writer.run((tx: Queryable) =>
      tx.query<FallbackRow>(
        sql`SELECT record_no, parse_error, remap, grp, line FROM ${sql.__dangerous__rawValue(table)}
            WHERE file_no = ${fileNo} AND record_no > ${last} ORDER BY record_no LIMIT ${sql.__dangerous__rawValue(String(PAGE))}`,
      ),
    );
    for (const row of rows) {
      const record = toRecord(row, names, delimiter);
      if (record.parseError) {
        writer.reject(
          {
            recordNo: record.recordNo,
            reason: 'parse_error',
            message: `line ${record.line}: ${record.parseError}`,
          },
          record,
        );
        continue;
      }
      if (!row.remap) continue;
      if (row.grp !== groupNo) {
        if (group.length) writer.mapGroup(group, ctx);
        group = [];
        groupNo = row.grp;
      }
      group.push(record);
    }
    if (rows.length < PAGE) break;
    last = rows[rows.length - 1]!.record_no;
    await writer.flushFull();
  }
  if (group.length) writer.mapGroup(group, ctx);
}

// The record read-csv.ts makes of the same line.
function toRecord(row: FallbackRow, names: readonly string[], delimiter: string): SourceRecord {
  const values = row.line.split(delimiter);
  const fields: Record<string, unknown> = {};
  for (let i = 0; i < names.length; i++) fields[names[i]!] = values[i];
  const base = { recordNo: row.record_no, line: row.record_no + 1, byteOffset: null, raw: row.line, fields };
  return values.length === names.length
    ? base
    : { ...base, parseError: `has ${values.length} fields; expected ${names.length} (${names.join(', ')})` };
}
