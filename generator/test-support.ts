// Helpers shared by the generator's tests: small runs in temp folders and reading the feeds back the
// way a connector would (BOM stripped, GBK decoded, CSV quotes honoured).

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeGbk } from './gbk.ts';
import { generate } from './generate.ts';
import type { GenerateManifest } from './manifest.ts';
import type { GenerateOptionsInput } from './options.ts';
import type { FileEntry } from './writer.ts';

export interface SmallRun {
  dir: string;
  manifest: GenerateManifest;
  cleanup: () => Promise<void>;
}

/** Generates into a fresh temp folder (300 persons over 60 days unless told otherwise). */
export async function smallRun(opts: Partial<GenerateOptionsInput> = {}): Promise<SmallRun> {
  const dir = await mkdtemp(join(tmpdir(), 'cdp-gen-'));
  const manifest = await generate({ customers: 300, days: 60, ...opts, out: dir });
  return { dir, manifest, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** The text of a generated file, decoded per its manifest encoding. */
export async function readText(run: SmallRun, entry: FileEntry): Promise<string> {
  const bytes = await readFile(join(run.dir, entry.path));
  if (entry.encoding === 'gbk') return decodeGbk(bytes);
  const text = bytes.toString('utf8');
  return entry.encoding === 'utf-8-bom' ? text.replace(/^\uFEFF/, '') : text;
}

/** RFC 4180 CSV into rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** CSV rows as objects keyed by the header. */
export async function readCsv(run: SmallRun, entry: FileEntry): Promise<Record<string, string>[]> {
  const [header, ...rows] = parseCsv(await readText(run, entry));
  if (!header) return [];
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

/** NDJSON lines parsed (lines that are not JSON objects are returned as null). */
export async function readNdjson(
  run: SmallRun,
  entry: FileEntry,
): Promise<(Record<string, unknown> | null)[]> {
  const text = await readText(run, entry);
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown> | null);
}

/** Manifest entries whose path matches. */
export function filesMatching(run: SmallRun, pattern: RegExp): FileEntry[] {
  return run.manifest.files.filter((f) => pattern.test(f.path));
}
