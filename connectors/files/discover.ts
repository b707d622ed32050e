import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { IngestInputError } from '../errors.ts';

/** A file found for an ingest, with its path relative to the argument that named it. */
export interface FoundFile {
  readonly path: string;
  readonly relativePath: string;
}

/**
 * Expands files, directories (recursively) and glob patterns (`*`, `**`, `?`, `{a,b}`) into a
 * sorted list of files. A directory's files are relative to it, so a connector can classify
 * `S001/20250101.csv` whether the user named the data root or the `pos` folder.
 */
export async function discoverFiles(args: readonly string[], cwd = process.cwd()): Promise<FoundFile[]> {
  const found = new Map<string, FoundFile>();
  for (const arg of args) {
    const abs = resolve(cwd, arg);
    const info = await stat(abs).catch(() => null);
    if (info?.isFile()) {
      found.set(abs, { path: abs, relativePath: arg });
    } else if (info?.isDirectory()) {
      for (const rel of await walk(abs))
        found.set(join(abs, rel), { path: join(abs, rel), relativePath: rel });
    } else if (/[*?{]/.test(arg)) {
      const base = resolve(cwd, globBase(arg));
      const pattern = globToRegExp(resolve(cwd, arg));
      for (const rel of await walk(base).catch(() => [])) {
        const path = join(base, rel);
        if (pattern.test(path)) found.set(path, { path, relativePath: relative(base, path) });
      }
    } else {
      throw new IngestInputError(`no such file or directory: ${arg}`);
    }
  }
  return [...found.values()].sort((a, b) => a.path.localeCompare(b.path));
}

// The leading folders of a pattern that hold no wildcard: where the walk starts.
function globBase(pattern: string): string {
  const parts = pattern.split(/[\\/]/);
  const firstWild = parts.findIndex((p) => /[*?{]/.test(p));
  return parts.slice(0, firstWild).join('/') || '.';
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/** Converts a glob to an anchored RegExp over absolute paths. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += `[^${sep === '\\' ? '\\\\' : '/'}]*`;
    else if (c === '?') re += '[^/]';
    else if (c === '{') re += '(?:';
    else if (c === '}') re += ')';
    else if (c === ',' && re.includes('(?:')) re += '|';
    else re += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
