import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { SegmentValidationError } from './errors.ts';
import { SegmentsSchema, type Segments } from './schema.ts';

/** A zod issue path as users write keys: `vip.where.conditions[1].kind`. */
export function keyPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({
    path: keyPath(i.path) || '(top level)',
    // A bad record key's own message says what a name must look like; zod's wrapper does not.
    message: i.code === 'invalid_key' ? i.issues.map((k) => k.message).join('; ') : i.message,
  }));
}

/** Validates segment definitions from any source (the builder's output or parsed JSON). */
export function parseSegments(input: unknown, source = 'segment definitions'): Segments {
  const result = SegmentsSchema.safeParse(input);
  if (!result.success) throw new SegmentValidationError(source, issuesOf(result.error));
  return result.data;
}

/** Reads and validates a JSON file of segments (name -> definition), naming the key path of each error. */
export function loadSegmentsFile(path: string): Segments {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new SegmentValidationError(path, [{ path: '(file)', message: (e as Error).message }]);
  }
  return parseSegments(json, path);
}
