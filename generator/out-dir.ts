// Guarding the output directory: generate into a fresh or empty folder, or over a previous run of the
// generator (recognised by its manifest.json, and only if every file there is one the manifest lists),
// never over anything else.

import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { GENERATOR_NAME } from './manifest.ts';

async function listFiles(root: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(join(root, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(root, rel)));
    else out.push(rel);
  }
  return out;
}

async function previousManifestFiles(out: string): Promise<Set<string> | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { generator, files } = parsed as { generator?: unknown; files?: unknown };
    if (generator !== GENERATOR_NAME || !Array.isArray(files)) return undefined;
    const paths = files.map((f: unknown) =>
      typeof f === 'object' && f !== null ? (f as { path?: unknown }).path : '',
    );
    return new Set([...paths.filter((p): p is string => typeof p === 'string'), 'manifest.json']);
  } catch {
    return undefined;
  }
}

/** Creates `out`, or empties it when it holds exactly a previous generator run; refuses otherwise. */
export async function prepareOutDir(out: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(out);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    await mkdir(out, { recursive: true });
    return;
  }
  if (entries.length === 0) return;
  const known = await previousManifestFiles(out);
  if (!known) {
    throw new Error(
      `generate: refusing to write into ${out}: it is not empty and has no manifest.json from a previous run`,
    );
  }
  const foreign = (await listFiles(out)).filter((p) => !known.has(p));
  if (foreign.length > 0) {
    throw new Error(
      `generate: refusing to overwrite ${out}: ${foreign.length} file(s) were not written by the generator (e.g. ${foreign[0]})`,
    );
  }
  for (const entry of entries) await rm(join(out, entry), { recursive: true, force: true });
}
