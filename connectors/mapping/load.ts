import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { MappingError } from './errors.ts';
import { formatIssues } from './format-issues.ts';
import { MappingSchema, type Mapping } from './schema.ts';

/** Reads and validates a mapping file (JSON); errors name the JSON path, the value found and what is expected. */
export async function loadMapping(path: string): Promise<Mapping> {
  const file = resolve(path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    throw new MappingError(
      file,
      missing
        ? `mapping file not found: ${file}`
        : `cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new MappingError(
      file,
      `${file} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  }
  return parseMapping(raw, file);
}

/** Validates a parsed mapping; `file` names it in the error. */
export function parseMapping(raw: unknown, file: string): Mapping {
  const parsed = MappingSchema.safeParse(raw, { reportInput: true });
  if (parsed.success) return parsed.data;
  throw new MappingError(file, `invalid mapping in ${file}:\n${formatIssues(parsed.error.issues)}`);
}
