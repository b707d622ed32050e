// Turns a run into the stdout table and the results file: the figures plus what they were
// measured on, since a ratio means little without the machine and options behind it.
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { arch, cpus, loadavg, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import Table from 'cli-table3';
import type { BenchResult, Engine } from './case.ts';

/** One case on one engine: its result, or why it failed. */
export interface RunRecord {
  readonly case: string;
  readonly engine: Engine | null;
  readonly description: string;
  /** Wall time of the whole case, setup included. */
  readonly wallSeconds: number;
  readonly result?: BenchResult;
  readonly error?: string;
}

export interface RunOptions {
  readonly only: readonly string[];
  readonly scale: number;
  readonly repeat: number;
  readonly engines: readonly Engine[];
}

/** The machine a run was measured on. */
export function machineInfo(): Record<string, string | number> {
  const cpu = cpus();
  return {
    platform: platform(),
    release: release(),
    arch: arch(),
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    cpuCount: cpu.length,
    totalMemoryMb: Math.round(totalmem() / 2 ** 20),
    node: process.version,
    // The 1-minute load at the start: a busy machine explains an odd run.
    loadAverage1m: Number((loadavg()[0] ?? 0).toFixed(2)),
    gitCommit: git(['rev-parse', '--short', 'HEAD']) ?? 'unknown',
    gitDirty: git(['status', '--porcelain']) ? 'yes' : 'no',
  };
}

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** The results table for stdout. */
export function renderTable(records: readonly RunRecord[]): string {
  const table = new Table({
    head: ['case', 'engine', 'count', 'ours /s', 'baseline /s', 'ratio', 'baseline'],
    colAligns: ['left', 'left', 'right', 'right', 'right', 'right', 'left'],
    style: { head: [], border: [] },
  });
  for (const r of records) {
    const lead = [r.case, r.engine ?? '-'];
    if (!r.result) {
      table.push([
        ...lead,
        { colSpan: 5, hAlign: 'left', content: `FAILED: ${firstLine(r.error ?? 'unknown error')}` },
      ]);
      continue;
    }
    const res = r.result;
    table.push([
      ...lead,
      `${whole(res.count)} ${res.units}`,
      whole(res.oursPerSecond),
      whole(res.baselinePerSecond),
      `${res.ratio.toFixed(2)}x`,
      res.baseline,
    ]);
  }
  return table.toString();
}

/** Writes `<dir>/<timestamp>.json` and `<dir>/latest.json`; returns the first path. */
export async function writeResults(
  dir: string,
  report: {
    startedAt: Date;
    finishedAt: Date;
    options: RunOptions;
    versions: Record<string, string>;
    machine: Record<string, string | number>;
    records: readonly RunRecord[];
  },
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const json = JSON.stringify(
    {
      startedAt: report.startedAt.toISOString(),
      finishedAt: report.finishedAt.toISOString(),
      durationSeconds: round((report.finishedAt.getTime() - report.startedAt.getTime()) / 1000),
      machine: report.machine,
      versions: report.versions,
      options: report.options,
      results: report.records,
    },
    (_key, value: unknown) => (typeof value === 'number' ? round(value) : value),
    2,
  );
  // Colons are not allowed in Windows file names.
  const path = join(dir, `${report.startedAt.toISOString().replaceAll(':', '-')}.json`);
  await writeFile(path, json + '\n');
  await writeFile(join(dir, 'latest.json'), json + '\n');
  return path;
}

function whole(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function round(n: number): number {
  return Number.isInteger(n) ? n : Number(n.toPrecision(6));
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 100 ? `${line.slice(0, 97)}...` : line;
}
