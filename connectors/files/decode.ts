import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { TextDecoder } from 'node:util';
import { UnreadableFileError } from '../errors.ts';

export type Encoding = 'utf-8' | 'gbk';

/** How a file was decoded. */
export interface Decoding {
  readonly encoding: Encoding;
  readonly bom: boolean;
  readonly gzip: boolean;
}

const SNIFF_BYTES = 256 * 1024;

/**
 * Picks a file's encoding: a UTF-8 BOM decides; otherwise the first of `candidates` that decodes
 * the file's first 256 KiB cleanly (Chinese POS exports are GBK or UTF-8, with or without BOM).
 */
export async function detectEncoding(path: string, candidates: readonly Encoding[]): Promise<Decoding> {
  const head = await readHead(path);
  const gzip = head[0] === 0x1f && head[1] === 0x8b;
  if (gzip) return { encoding: candidates[0] ?? 'utf-8', bom: false, gzip };
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: true, gzip };
  for (const encoding of candidates) {
    // UTF-8 is checked without decoding, a multi-byte character cut at the sniff boundary let pass.
    if (encoding === 'utf-8') {
      if (isUtf8(head.length < SNIFF_BYTES ? head : head.subarray(0, completeUtf8Length(head))))
        return { encoding, bom: false, gzip };
      continue;
    }
    // stream: true lets a multi-byte character cut at the sniff boundary pass.
    try {
      new TextDecoder(encoding, { fatal: true }).decode(head, { stream: true });
      return { encoding, bom: false, gzip };
    } catch {
      // try the next candidate
    }
  }
  throw new UnreadableFileError(path, `it is not valid ${candidates.join(' or ')} text`);
}

/**
 * The length of the bytes that end on a UTF-8 character boundary: a multi-byte character cut at
 * the end of a read waits for the next one.
 */
export function completeUtf8Length(data: Uint8Array): number {
  const n = data.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = data[n - back]!;
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}

async function readHead(path: string): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await fh.read(buf, 0, SNIFF_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/**
 * Streams a file as decoded text chunks (gunzipping `.gz`), failing with UnreadableFileError on
 * the first byte sequence that is not valid in the encoding or on a truncated gzip stream.
 */
export async function* decodeFile(path: string, decoding: Decoding): AsyncGenerator<string> {
  const decoder = new TextDecoder(decoding.encoding, { fatal: true, ignoreBOM: false });
  // 64 KiB pieces decode to strings under V8's large-object size, so they die young with the
  // records sliced from them instead of piling up until a full GC (peak RSS of a big ingest).
  const raw = createReadStream(path, { highWaterMark: 64 * 1024 });
  const bytes = decoding.gzip ? raw.pipe(createGunzip()) : raw;
  let offset = 0;
  try {
    for await (const chunk of bytes) {
      const buf = chunk as Buffer;
      yield decodeChunk(decoder, buf, path, offset, decoding.encoding);
      offset += buf.length;
    }
    const tail = decoder.decode();
    if (tail) yield tail;
  } catch (err) {
    if (err instanceof UnreadableFileError) throw err;
    const msg = err instanceof Error ? err.message : String(err);
    const what =
      decoding.gzip && /unexpected end|incorrect header|invalid/i.test(msg)
        ? `gzip stream is damaged or truncated (${msg})`
        : msg;
    throw new UnreadableFileError(path, what, { cause: err });
  } finally {
    raw.destroy();
  }
}

function decodeChunk(
  decoder: TextDecoder,
  buf: Buffer,
  path: string,
  offset: number,
  encoding: Encoding,
): string {
  try {
    return decoder.decode(buf, { stream: true });
  } catch (err) {
    throw new UnreadableFileError(
      path,
      `invalid ${encoding} byte sequence in the bytes from offset ${offset}; convert the file to UTF-8 or set the source's encoding`,
      { cause: err },
    );
  }
}
