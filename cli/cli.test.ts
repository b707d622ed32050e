import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGINES, freshTarget, hasPostgres, type Engine } from '../test/engines.ts';
import { runCli } from '../test/run-cli.ts';
import { MIGRATIONS, arrowFromIpc, openWarehouse, type WarehouseTarget } from '../warehouse/index.ts';

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'cdp-cli-'));
const setting = (t: WarehouseTarget): string => (t.engine === 'duckdb' ? t.path : t.url);

const QUERY = `SELECT order_id, net_amount, ordered_at, status FROM core.orders ORDER BY order_id`;

async function seed(target: WarehouseTarget): Promise<void> {
  const { warehouse } = await openWarehouse(target);
  await warehouse.exec(`INSERT INTO core.orders (source, order_id, channel, ordered_at, status, currency, net_amount, ingested_at) VALUES
    ('pos', 'A-1', 'store', '2025-05-01 10:00:00+08', 'completed', 'CNY', 99.90, '2025-05-02 00:00:00+00'),
    ('pos', 'A-2', 'store', '2025-05-01 23:30:00+08', 'refunded, late', 'CNY', -5.00, '2025-05-02 00:00:00+00')`);
  await warehouse.close();
}

describe.each(ENGINES)('cdp on %s', (engine: Engine) => {
  const target = async (label: string): Promise<WarehouseTarget> => {
    if (engine === 'postgres' && !hasPostgres()) expect.fail('no PostgreSQL server from the harness');
    return freshTarget(engine, label);
  };

  it('prints query results as csv, json, ndjson and arrow, identically on every engine', async () => {
    const t = await target('cli_formats');
    await seed(t);
    const env = { CDP_WAREHOUSE: setting(t) };
    const cwd = tempDir();
    const csv = await runCli(['sql', QUERY, '--format', 'csv'], { cwd, env });
    expect(csv.stderr).toBe('');
    expect(csv.stdout).toBe(
      'order_id,net_amount,ordered_at,status\r\n' +
        'A-1,99.9,2025-05-01T02:00:00.000Z,completed\r\n' +
        'A-2,-5,2025-05-01T15:30:00.000Z,"refunded, late"\r\n',
    );
    const json = await runCli(['sql', QUERY, '--format', 'json'], { cwd, env });
    expect(JSON.parse(json.stdout)).toEqual([
      { order_id: 'A-1', net_amount: 99.9, ordered_at: '2025-05-01T02:00:00.000Z', status: 'completed' },
      { order_id: 'A-2', net_amount: -5, ordered_at: '2025-05-01T15:30:00.000Z', status: 'refunded, late' },
    ]);
    const ndjson = await runCli(['sql', QUERY, '--format', 'ndjson'], { cwd, env });
    expect(
      ndjson.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown),
    ).toEqual(JSON.parse(json.stdout));
    const arrow = await runCli(['sql', QUERY, '--format', 'arrow'], { cwd, env });
    const table = arrowFromIpc(arrow.stdoutBytes);
    expect(table.numRows).toBe(2);
    expect(table.schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual([
      'order_id:Utf8',
      'net_amount:Float64',
      'ordered_at:Timestamp<MILLISECOND, UTC>',
      'status:Utf8',
    ]);
    expect(table.getChild('net_amount')?.toArray()).toEqual(new Float64Array([99.9, -5]));
  });

  it('reads the statement from stdin with -', async () => {
    const t = await target('cli_stdin');
    const r = await runCli(['sql', '-', '--format', 'csv'], {
      cwd: tempDir(),
      env: { CDP_WAREHOUSE: setting(t) },
      input: 'select 6 * 7 as answer',
    });
    expect(r.stdout).toBe('answer\r\n42\r\n');
  });

  it('reports a SQL error in one line with a non-zero exit', async () => {
    const t = await target('cli_sql_error');
    const r = await runCli(['sql', 'select * from core.nonexistent'], {
      cwd: tempDir(),
      env: { CDP_WAREHOUSE: setting(t) },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^cdp: SQL error: .*nonexistent/);
    expect(r.stdout).toBe('');
  });

  it('shows tables, row counts and recent runs in status', async () => {
    const t = await target('cli_status');
    await seed(t);
    const r = await runCli(['status', '--json'], { cwd: tempDir(), env: { CDP_WAREHOUSE: setting(t) } });
    expect(r.code).toBe(0);
    const status = JSON.parse(r.stdout) as { engine: string; tables: { table: string; rows: number }[] };
    expect(status.engine).toBe(engine);
    expect(status.tables).toContainEqual({ table: 'core.orders', rows: 2 });
    expect(status.tables).toContainEqual({ table: 'ops.migrations', rows: MIGRATIONS.length });
  });

  it('runs a model for an as_of, records the run with the orders it left out, and rejects a bad day', async () => {
    const t = await target('cli_run');
    await seed(t);
    const env = { CDP_WAREHOUSE: setting(t) };
    const cwd = tempDir();
    const r = await runCli(['run', 'rfm', '--as-of', '2025-05-31', '--json'], { cwd, env });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { rows: number; usage: { excluded: Record<string, number> } };
    // Neither seeded order names a customer.
    expect(report.rows).toBe(0);
    expect(report.usage.excluded.anonymous).toBe(2);
    const runs = await runCli(
      ['sql', "SELECT job, as_of, status, details FROM ops.job_runs WHERE job = 'rfm'", '--format', 'json'],
      { cwd, env },
    );
    const [run] = JSON.parse(runs.stdout) as {
      as_of: string;
      status: string;
      details: { excluded: Record<string, number> };
    }[];
    expect(run).toMatchObject({ as_of: '2025-05-31', status: 'succeeded' });
    expect(run!.details.excluded.anonymous).toBe(2);
    const bad = await runCli(['run', 'rfm', '--as-of', '2025-02-30'], { cwd, env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--as-of "2025-02-30" is not a day; expected YYYY-MM-DD');
    const unknown = await runCli(['run', 'rfmm'], { cwd, env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no job is named "rfmm"; did you mean "rfm"?');
  });
});

describe('cdp errors and defaults', () => {
  it('creates the default DuckDB warehouse under the project directory on demo', async () => {
    const cwd = tempDir();
    // A small population keeps the test quick; the default size is measured by hand (README).
    writeFileSync(join(cwd, 'jobs.config.ts'), `export default { demo: { customers: 120, days: 45 } };\n`);
    const r = await runCli(['demo'], { cwd });
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(existsSync(join(cwd, '.cdp', 'warehouse.duckdb'))).toBe(true);
    expect(r.stdout).toMatch(/cdp demo finished/);
    expect(r.stdout).toContain(join(cwd, '.cdp', 'warehouse.duckdb'));
    for (const feed of [
      'pos',
      'ecommerce',
      'miniprogram',
      'his',
      'crm',
      'tickets',
      'wms',
      'consents',
      'equipment',
    ]) {
      expect(r.stdout).toMatch(new RegExp(`ingest_${feed} +[\\d.]+ +\\d+ read = \\d+ loaded`));
    }
    const again = await runCli(['demo'], { cwd });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/ingest_pos +[\d.]+ +0 read = 0 loaded/);
  });

  it('rejects an unknown warehouse URL scheme', async () => {
    const r = await runCli(['--warehouse', 'mysql://db/x', 'status'], { cwd: tempDir() });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatchInlineSnapshot(`
      "cdp: unknown warehouse URL scheme 'mysql://' in 'mysql://db/x': use a DuckDB file path (e.g. .cdp/warehouse.duckdb), ':memory:', or postgres://user:password@host:5432/db
      "
    `);
  });

  it('names an unreachable Postgres server without printing its password', async () => {
    const r = await runCli(['status'], {
      cwd: tempDir(),
      env: { CDP_WAREHOUSE: 'postgres://cdp:s3cret@127.0.0.1:1/cdp' },
    });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(
      /^cdp: cannot connect to the Postgres warehouse postgres:\/\/cdp:\*\*\*@127\.0\.0\.1:1\/cdp: /,
    );
    expect(r.stderr).toMatch(/hint: check that the server is running/);
    expect(r.stderr).not.toContain('s3cret');
  });

  it('says so when another process holds the DuckDB file', async () => {
    const path = join(tempDir(), 'locked.duckdb');
    const { warehouse } = await openWarehouse({ engine: 'duckdb', path });
    try {
      const r = await runCli(['status'], { cwd: tempDir(), env: { CDP_WAREHOUSE: path } });
      expect(r.code).toBe(4);
      expect(r.stderr).toMatch(/is in use by another process \(PID \d+\); wait for it to finish or stop it/);
    } finally {
      await warehouse.close();
    }
  });

  it('fails on an invalid config with the key path and the value found', async () => {
    const cwd = tempDir();
    writeFileSync(
      join(cwd, 'jobs.config.ts'),
      `export default { warehouse: { timezone: 'Nowhere/City' }, demo: { customers: -1 } };\n`,
    );
    const r = await runCli(['status'], { cwd });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('warehouse.timezone: expected an IANA time zone');
    expect(r.stderr).toContain('found "Nowhere/City"');
    expect(r.stderr).toContain('demo.customers: ');
    expect(existsSync(join(cwd, '.cdp'))).toBe(false);
  });

  it('generates the same bytes for the same seed', async () => {
    const cwd = tempDir();
    const args = ['--customers', '60', '--days', '20', '--seed', '7'];
    expect((await runCli(['generate', '--out', 'a', ...args], { cwd })).code).toBe(0);
    expect((await runCli(['generate', '--out', 'b', ...args], { cwd })).code).toBe(0);
    const read = (d: string) => readFileSync(join(cwd, d, 'ground_truth.csv'), 'utf8');
    expect(read('a')).toBe(read('b'));
    expect(read('a').split('\n').length).toBeGreaterThan(60);
    const bad = await runCli(['generate', '--out', 'c', '--customers', 'many'], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("cdp: --customers takes a whole number; got 'many'\n");
  });

  it('logs JSON lines on stderr for schedulers and keeps stdout for results', async () => {
    const cwd = tempDir();
    const feed = join(cwd, 'feed');
    const gen = await runCli(['generate', '--out', feed, '--customers', '40', '--days', '10'], { cwd });
    expect(gen.code).toBe(0);
    const r = await runCli(['ingest', 'pos', join(feed, 'pos'), '--log-format', 'json', '--verbose'], {
      cwd,
    });
    expect(r.code).toBe(0);
    const lines = r.stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines)
      expect(l).toMatchObject({
        time: expect.any(String),
        level: expect.any(String),
        msg: expect.any(String),
      });
    expect(lines.some((l) => l.msg === 'progress' && l.step === 'ingest pos' && l.finished === true)).toBe(
      true,
    );
    expect(r.stdout).toMatch(
      /files \(\d+ skipped: same content already loaded, 0 failed, 0 not recognised\): read \d+ = loaded \d+/,
    );
    const quiet = await runCli(['ingest', 'pos', join(feed, 'pos'), '--quiet'], { cwd });
    expect(quiet.stderr).toBe('');
  });

  it('documents every command and its options in --help', async () => {
    const cwd = tempDir();
    const top = await runCli(['--help'], { cwd });
    expect(top.code).toBe(0);
    for (const cmd of ['demo', 'init', 'status', 'sql', 'migrate', 'ingest', 'generate', 'copy']) {
      expect(top.stdout).toContain(cmd);
    }
    const sqlHelp = await runCli(['sql', '--help'], { cwd });
    expect(sqlHelp.stdout.replace(/\s+/g, ' ')).toContain(
      'choices: "table", "csv", "json", "ndjson", "arrow"',
    );
    const bad = await runCli(['sql', 'select 1', '--format', 'xml'], { cwd });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("argument 'xml' is invalid");
  });
});
