import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import { from as copyFrom } from 'pg-copy-streams';
import { quoteIdent } from '../sql.ts';
import type { LinesInput } from '../warehouse.ts';
import { submitCopy, type RawPgClient } from './raw-client.ts';

/**
 * Copies a text's lines into a new temporary table (line_no from an identity column, which COPY
 * fills in input order). The text goes as it is, one COPY text-format row per line: only the
 * characters that format gives a meaning (backslash, tab, carriage return) are escaped.
 */
export async function copyLines(client: RawPgClient, table: string, input: LinesInput): Promise<void> {
  const t = quoteIdent(table);
  await client.query({
    text: `CREATE TEMP TABLE ${t} (line_no bigint GENERATED ALWAYS AS IDENTITY, line text)`,
  });
  const sink = submitCopy(client, copyFrom(`COPY ${t} (line) FROM STDIN`));
  const source = { failure: undefined as { error: unknown } | undefined };
  try {
    const text = 'path' in input ? readUtf8(input.path) : input.text;
    await pipeline(Readable.from(escaped(text, input.crlf ?? false, source)), sink);
  } catch (err) {
    // The input's own failure (a file that cannot be decoded) is the caller's to report, unwrapped.
    if (source.failure) throw new LinesInputFailure(source.failure.error);
    throw err;
  }
}

/** The input of `copyLines` failed (not the server); `cause` is its error. */
export class LinesInputFailure extends Error {
  constructor(override readonly cause: unknown) {
    super('the lines input failed', { cause });
  }
}

async function* escaped(
  text: AsyncIterable<string>,
  crlf: boolean,
  source: { failure: { error: unknown } | undefined },
): AsyncGenerator<string> {
  let last = '\n';
  const chunks = text[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<string>;
    try {
      next = await chunks.next();
    } catch (error) {
      source.failure = { error };
      throw error;
    }
    if (next.done) break;
    // With CRLF line breaks every \r ends a line: COPY wants \n alone.
    const chunk = crlf ? next.value.replaceAll('\r', '') : next.value;
    if (!chunk) continue;
    yield /[\\\t\r]/.test(chunk)
      ? chunk.replaceAll('\\', '\\\\').replaceAll('\t', '\\t').replaceAll('\r', '\\r')
      : chunk;
    last = chunk;
  }
  // COPY wants every row ended; a file's last line may not be.
  if (!last.endsWith('\n')) yield '\n';
}

async function* readUtf8(path: string): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    yield decoder.decode(chunk as Buffer, { stream: true });
  }
  yield decoder.decode();
}
