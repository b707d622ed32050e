// Starts a throwaway PostgreSQL server for the integration tests: a fresh cluster in a temp dir,
// listening on 127.0.0.1 only, trust auth, fsync off. See CONTEXT.md for the invariants.
import { execFile as execFileCb, execFileSync } from 'node:child_process';
import { constants as fsConstants, existsSync, readFileSync, rmSync } from 'node:fs';
import { access, chown, mkdtemp, readdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';

const execFile = promisify(execFileCb);

export interface TestPostgres {
  /** `postgres://cdp@127.0.0.1:PORT/cdp_test`, or CDP_TEST_PG_URL when reused. */
  url: string;
  /** Stops the server and removes its temp dir. Idempotent; a no-op when reused. */
  stop: () => Promise<void>;
  /** True when CDP_TEST_PG_URL was set and no server was started. */
  reused: boolean;
}

export interface StartOptions {
  log?: (line: string) => void;
}

const SUPERUSER = 'cdp';
const DATABASE = 'cdp_test';
const FALLBACK_USER = 'cdptest';
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const BIG_BUFFER = 64 * 1024 * 1024;

interface RunAs {
  user: string;
  uid: number;
  gid: number;
}

/** Starts a fresh PostgreSQL cluster (or reuses CDP_TEST_PG_URL) and returns its URL. */
export async function startTestPostgres(opts: StartOptions = {}): Promise<TestPostgres> {
  const log = opts.log ?? (() => {});
  const reuse = process.env.CDP_TEST_PG_URL;
  if (reuse) {
    log(`reusing CDP_TEST_PG_URL (${redact(reuse)}); no server started`);
    return { url: reuse, stop: async () => {}, reused: true };
  }

  const started = Date.now();
  const bindir = await findOrInstallBinDir(log);
  const runAs = isRoot() ? await unprivilegedUser(log) : null;
  const tmp = await makeTempDir(runAs);
  const dataDir = join(tmp, 'data');
  const logFile = join(tmp, 'server.log');
  const bin = (name: string): string => join(bindir, name);
  const asServerUser = (file: string, args: string[]) => runAsUser(runAs, file, args, tmp);

  const pidFile = join(dataDir, 'postmaster.pid');
  const stopArgs = ['-D', dataDir, '-m', 'immediate', '-w', 'stop'];
  let running = false;
  let stopped = false;
  // A server may be up even when `pg_ctl start` failed (e.g. it timed out): trust the pid file too.
  const mayBeRunning = (): boolean => running || existsSync(pidFile);
  const stopSync = (): void => {
    if (stopped) return;
    stopped = true;
    try {
      if (mayBeRunning()) {
        const [file, args] = wrapRunAs(runAs, bin('pg_ctl'), stopArgs);
        execFileSync(file, args, { cwd: tmp, env: cleanEnv(), stdio: 'ignore' });
      }
    } catch {
      killFromPidFile(pidFile);
    }
    rmSync(tmp, { recursive: true, force: true });
  };
  // Safety net: if the process exits without calling stop(), do not leave a server behind.
  process.once('exit', stopSync);

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', stopSync);
    const wasRunning = mayBeRunning();
    if (wasRunning) {
      try {
        await asServerUser(bin('pg_ctl'), stopArgs);
      } catch {
        killFromPidFile(pidFile);
      }
    }
    await rm(tmp, { recursive: true, force: true });
    log(`${wasRunning ? 'stopped the server and ' : ''}removed ${tmp}`);
  };

  try {
    await initCluster(asServerUser, bin('initdb'), dataDir);
    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const serverOpts = [
        '-c listen_addresses=127.0.0.1',
        `-p ${port}`,
        `-k ${shellQuote(tmp)}`,
        '-c fsync=off',
        '-c synchronous_commit=off',
        '-c full_page_writes=off',
        '-c max_connections=200',
        '-c timezone=UTC',
      ].join(' ');
      try {
        const startArgs = ['-D', dataDir, '-o', serverOpts, '-l', logFile, '-w', '-t', '60', 'start'];
        await asServerUser(bin('pg_ctl'), startArgs);
        running = true;
        break;
      } catch (err) {
        const tail = await logTail(logFile);
        // Another process may have grabbed the port between freePort() and the bind: retry.
        if (attempt < 3 && /could not bind|address already in use/i.test(tail)) continue;
        throw new Error(`pg_ctl start failed: ${errorText(err)}\n--- server log tail ---\n${tail}`, {
          cause: err,
        });
      }
    }
    const adminUrl = `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`;
    await psql(await psqlIn(bindir), adminUrl, [`CREATE DATABASE ${DATABASE}`]);
    const url = `postgres://${SUPERUSER}@127.0.0.1:${port}/${DATABASE}`;
    log(`started PostgreSQL on 127.0.0.1:${port} in ${Date.now() - started} ms (cluster in ${tmp})`);
    return { url, stop, reused: false };
  } catch (err) {
    const tail = await logTail(logFile);
    await stop().catch(() => {});
    if (err instanceof Error && err.message.includes('--- server log tail ---')) throw err;
    const suffix = tail ? `\n--- server log tail ---\n${tail}` : '';
    throw new Error(`could not start test PostgreSQL: ${errorText(err)}${suffix}`, { cause: err });
  }
}

/**
 * Creates (or re-creates: any existing database of that name is dropped first) the database `name`
 * on the server of `baseUrl`, through the `psql` binary, and returns a URL pointing at it.
 */
export async function createTestDatabase(baseUrl: string, name: string): Promise<string> {
  if (!IDENTIFIER.test(name) || name.length > 63) {
    throw new Error(
      `invalid test database name ${JSON.stringify(name)}: must match ${IDENTIFIER} (≤ 63 chars)`,
    );
  }
  psqlBinary ??= findBinDir().then(psqlIn);
  await psql(await psqlBinary, baseUrl, [`DROP DATABASE IF EXISTS ${name}`, `CREATE DATABASE ${name}`]);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

// ---------------------------------------------------------------------------------------------
// Binaries

/** psql next to initdb when there is one, else whatever `psql` is on PATH (cached per process). */
let psqlBinary: Promise<string> | undefined;

async function findOrInstallBinDir(log: (line: string) => void): Promise<string> {
  const found = await findBinDir();
  if (found) {
    log(`found PostgreSQL binaries at ${found} (${await serverVersion(found)})`);
    return found;
  }
  if (!isRoot() || !(await onPath('apt-get'))) {
    throw new Error(
      'PostgreSQL server binaries (initdb, pg_ctl) were not found (looked at `pg_config --bindir`, ' +
        '/usr/lib/postgresql/*/bin and PATH). Install PostgreSQL (e.g. `sudo apt-get install postgresql` or ' +
        '`brew install postgresql`), or set CDP_TEST_PG_URL=postgres://user@host:port/db to use a running ' +
        'server, or CDP_TEST_SKIP_PG=1 to skip the database tests.',
    );
  }
  log('PostgreSQL not found: installing it with apt-get (this can take a minute)');
  await installWithApt(log);
  const installed = await findBinDir();
  if (!installed) throw new Error('apt-get installed postgresql but initdb/pg_ctl are still not found');
  log(`installed PostgreSQL via apt-get: binaries at ${installed} (${await serverVersion(installed)})`);
  return installed;
}

/** The directory holding initdb and pg_ctl, or null. Order: pg_config, /usr/lib/postgresql, PATH. */
async function findBinDir(): Promise<string | null> {
  const candidates: string[] = [];
  try {
    const { stdout } = await execFile('pg_config', ['--bindir'], { env: cleanEnv() });
    if (stdout.trim()) candidates.push(stdout.trim());
  } catch {
    // no pg_config: fine
  }
  try {
    const versions = (await readdir('/usr/lib/postgresql'))
      .filter((v) => /^\d+(\.\d+)?$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => `/usr/lib/postgresql/${v}/bin`));
  } catch {
    // not a Debian layout
  }
  const initdb = await onPath('initdb');
  if (initdb) candidates.push(dirname(await realpath(initdb)));
  for (const dir of candidates) {
    if ((await isExecutable(join(dir, 'initdb'))) && (await isExecutable(join(dir, 'pg_ctl')))) return dir;
  }
  return null;
}

async function installWithApt(log: (line: string) => void): Promise<void> {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = async (args: string[]): Promise<void> => {
    try {
      await execFile('apt-get', args, { env, maxBuffer: BIG_BUFFER });
    } catch (err) {
      throw new Error(
        `\`apt-get ${args.join(' ')}\` failed; install PostgreSQL by hand or set CDP_TEST_PG_URL.\n${errorText(err)}`,
        { cause: err },
      );
    }
  };
  await apt(['update']);
  // Installing postgresql creates and starts a "main" cluster on port 5432, which we do not want: install
  // postgresql-common first and switch that off in its createcluster.conf (as the official postgres
  // Docker image does; postgresql-common's postinst reads that file only, not createcluster.d/).
  await apt([
    'install',
    '-y',
    '--no-install-recommends',
    '-o',
    'DPkg::Lock::Timeout=300',
    'postgresql-common',
  ]);
  const conf = '/etc/postgresql-common/createcluster.conf';
  const text = await readFile(conf, 'utf8').catch(() => null);
  if (text !== null && !/^\s*create_main_cluster\s*=/m.test(text)) {
    await writeFile(
      conf,
      `${text.trimEnd()}\n\n# added by cdp test/harness/postgres.ts\ncreate_main_cluster = false\n`,
    );
    log(`set create_main_cluster = false in ${conf} (no system cluster on port 5432)`);
  }
  await apt(['install', '-y', '--no-install-recommends', '-o', 'DPkg::Lock::Timeout=300', 'postgresql']);
}

async function psqlIn(bindir: string | null): Promise<string> {
  return bindir && (await isExecutable(join(bindir, 'psql'))) ? join(bindir, 'psql') : 'psql';
}

async function serverVersion(bindir: string): Promise<string> {
  try {
    const { stdout } = await execFile(join(bindir, 'postgres'), ['--version']);
    return stdout.trim();
  } catch {
    return 'unknown version';
  }
}

async function onPath(name: string): Promise<string | null> {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && (await isExecutable(join(dir, name)))) return join(dir, name);
  }
  return null;
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Running as an unprivileged user (initdb and postgres refuse to run as root)

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

async function unprivilegedUser(log: (line: string) => void): Promise<RunAs> {
  if (!(await onPath('runuser'))) {
    throw new Error('running as root but `runuser` (util-linux) is missing; run the tests as a normal user');
  }
  for (const user of ['postgres', FALLBACK_USER]) {
    const ids = await userIds(user);
    if (ids) return { user, ...ids };
  }
  await execFile('useradd', ['-r', '-M', '-s', '/usr/sbin/nologin', FALLBACK_USER]);
  log(`created system user ${FALLBACK_USER} to run the test server (initdb refuses root)`);
  const ids = await userIds(FALLBACK_USER);
  if (!ids) throw new Error(`useradd ${FALLBACK_USER} succeeded but the user cannot be found`);
  return { user: FALLBACK_USER, ...ids };
}

async function userIds(user: string): Promise<{ uid: number; gid: number } | null> {
  try {
    const uid = Number((await execFile('id', ['-u', user])).stdout.trim());
    const gid = Number((await execFile('id', ['-g', user])).stdout.trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : null;
  } catch {
    return null;
  }
}

/** A fresh temp dir, owned by the server user when running as root. */
async function makeTempDir(runAs: RunAs | null): Promise<string> {
  const bases = runAs && tmpdir() !== '/tmp' ? [tmpdir(), '/tmp'] : [tmpdir()];
  for (const base of bases) {
    const dir = await mkdtemp(join(base, 'cdp-pg-'));
    if (!runAs) return dir;
    await chown(dir, runAs.uid, runAs.gid);
    // The server user must be able to reach the dir (TMPDIR may be under /root).
    try {
      await execFile('runuser', ['-u', runAs.user, '--', 'test', '-w', dir], { cwd: '/' });
      return dir;
    } catch {
      await rm(dir, { recursive: true, force: true });
    }
  }
  throw new Error(`user ${runAs?.user} cannot write to a temp dir under ${bases.join(' or ')}`);
}

function wrapRunAs(runAs: RunAs | null, file: string, args: string[]): [string, string[]] {
  return runAs ? ['runuser', ['-u', runAs.user, '--', file, ...args]] : [file, args];
}

async function runAsUser(
  runAs: RunAs | null,
  file: string,
  args: string[],
  cwd: string,
): Promise<{ stdout: string; stderr: string }> {
  const [cmd, cmdArgs] = wrapRunAs(runAs, file, args);
  return execFile(cmd, cmdArgs, { cwd, env: cleanEnv(), maxBuffer: BIG_BUFFER });
}

// ---------------------------------------------------------------------------------------------
// Cluster

async function initCluster(
  run: (file: string, args: string[]) => Promise<unknown>,
  initdb: string,
  dataDir: string,
): Promise<void> {
  const base = ['-D', dataDir, '-U', SUPERUSER, '--auth=trust', '-E', 'UTF8', '--no-sync'];
  try {
    await run(initdb, [...base, '--locale=C.UTF-8']);
  } catch (first) {
    await rm(dataDir, { recursive: true, force: true });
    try {
      await run(initdb, [...base, '--locale=C']);
    } catch (second) {
      throw new Error(`initdb failed:\n${errorText(first)}\n(retry with --locale=C)\n${errorText(second)}`, {
        cause: second,
      });
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('could not pick a free port'))));
    });
  });
}

async function psql(psqlBin: string, url: string, statements: string[]): Promise<void> {
  // A password goes through PGPASSWORD, not argv, so it cannot leak into error messages or `ps`.
  const env = cleanEnv();
  let target = url;
  try {
    const parsed = new URL(url);
    if (parsed.password) {
      env.PGPASSWORD = decodeURIComponent(parsed.password);
      parsed.password = '';
      target = parsed.toString();
    }
  } catch {
    // not a URL (a key=value conninfo string?): hand it to psql as is
  }
  const args = ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', target];
  // One -c per statement: each runs in its own transaction, as CREATE/DROP DATABASE require.
  for (const statement of statements) args.push('-c', statement);
  try {
    await execFile(psqlBin, args, { env, maxBuffer: BIG_BUFFER });
  } catch (err) {
    throw new Error(`psql against ${redact(url)} failed: ${errorText(err)}`, { cause: err });
  }
}

function killFromPidFile(pidFile: string): void {
  try {
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (Number.isInteger(pid) && pid > 0) process.kill(pid, 'SIGKILL');
  } catch {
    // no pid file or process already gone
  }
}

async function logTail(logFile: string, lines = 40): Promise<string> {
  if (!existsSync(logFile)) return '';
  const text = await readFile(logFile, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

// ---------------------------------------------------------------------------------------------
// Small helpers

/** The environment without PG* variables, so a developer's PGHOST/PGPORT/... cannot redirect us. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('PG')) env[key] = value;
  return env;
}

/** pg_ctl hands -o to /bin/sh, so paths inside it must be quoted. */
function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

function errorText(err: unknown): string {
  if (err instanceof Error) {
    const { stderr, stdout } = err as Error & { stderr?: unknown; stdout?: unknown };
    const out = [stderr, stdout]
      .filter((s): s is string => typeof s === 'string' && s.trim() !== '')
      .map((s) => s.trim().split('\n').slice(-20).join('\n'));
    return [err.message.split('\n')[0], ...out].join('\n');
  }
  return String(err);
}
