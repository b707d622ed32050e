import type { SourceRecord } from '../connector.ts';

/**
 * Splits decoded text into NDJSON records, a chunk's worth at a time; a line that is not a JSON
 * object becomes a parse error.
 */
export async function* readNdjson(
  chunks: AsyncIterable<string>,
  utf8Offsets: boolean,
): AsyncGenerator<SourceRecord[]> {
  let carry = '';
  let line = 0;
  let recordNo = 0;
  let offset = 0;
  const emit = (text: string): SourceRecord | null => {
    line++;
    const start = offset;
    offset += utf8Offsets ? Buffer.byteLength(text, 'utf8') + 1 : 0;
    const trimmed = text.charCodeAt(text.length - 1) === 13 ? text.slice(0, -1) : text;
    // A line opening an object is not blank; only others need trimming to tell.
    if (trimmed.charCodeAt(0) !== 123 /* { */ && trimmed.trim() === '') return null;
    recordNo++;
    const byteOffset = utf8Offsets ? start : null;
    try {
      const value: unknown = JSON.parse(trimmed);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        return {
          recordNo,
          line,
          byteOffset,
          raw: trimmed,
          fields: {},
          parseError: 'expected a JSON object on the line',
        };
      }
      return { recordNo, line, byteOffset, raw: trimmed, fields: value as Record<string, unknown> };
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      return { recordNo, line, byteOffset, raw: trimmed, fields: {}, parseError: `not valid JSON (${why})` };
    }
  };
  for await (const chunk of chunks) {
    const parts = (carry + chunk).split('\n');
    carry = parts.pop() ?? '';
    const records: SourceRecord[] = [];
    for (const part of parts) {
      const rec = emit(part);
      if (rec) records.push(rec);
    }
    if (records.length) yield records;
  }
  if (carry) {
    const rec = emit(carry);
    if (rec) yield [rec];
  }
}
