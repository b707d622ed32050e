// Output files. Long-lived feeds stream through LineSink: lines are batched into ~64 KB chunks,
// encoded once per chunk, and callers await drain() at coarse checkpoints so the stream's buffer never
// grows past one checkpoint's worth of work. Small per-day files (POS, WMS) are written whole, one at a
// time, so only a handful of file handles are ever open.

import { createWriteStream, mkdirSync, writeFile } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { encodeGbk } from './gbk.ts';
import type { FileEncoding } from './places.ts';

export interface FileEntry {
  /** Path relative to the output directory, with forward slashes. */
  path: string;
  feed: string;
  /** Data rows (CSV header excluded; NDJSON lines). */
  rows: number;
  bytes: number;
  encoding: FileEncoding;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const CHUNK_CHARS = 1 << 16;

/** Text to bytes in one of the encodings the source systems use. */
export function encodeText(text: string, encoding: FileEncoding): Buffer {
  return encoding === 'gbk' ? encodeGbk(text) : Buffer.from(text, 'utf8');
}

/** One CSV line; fields with commas, quotes or line breaks are quoted. */
export function csvRow(fields: readonly (string | number)[]): string {
  // Built with join so the result is one flat string, cheap to hold in buffers and queues.
  const out: string[] = new Array<string>(fields.length);
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    const s = typeof f === 'number' ? String(f) : (f ?? '');
    out[i] = needsQuote(s) ? `"${s.replaceAll('"', '""')}"` : s;
  }
  return out.join(',');
}

// Same as /[",\r\n]/.test(s), without the regex machinery on the hot path.
function needsQuote(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34 || c === 44 || c === 13 || c === 10) return true;
  }
  return false;
}

/** A buffered, backpressure-aware line writer for one file. */
export class LineSink {
  private chunks: string[] = [];
  private chars = 0;
  private failure: Error | undefined;
  private readonly stream: WriteStream;

  constructor(
    readonly entry: FileEntry,
    absPath: string,
    header?: string,
  ) {
    this.stream = createWriteStream(absPath);
    this.stream.on('error', (e) => (this.failure = e));
    if (entry.encoding === 'utf-8-bom') this.emit(BOM);
    if (header !== undefined) this.chunks.push(header);
  }

  private emit(buf: Buffer): void {
    this.entry.bytes += buf.length;
    this.stream.write(buf);
  }

  private flush(): void {
    if (this.chunks.length === 0) return;
    this.chunks.push('');
    this.emit(encodeText(this.chunks.join('\n'), this.entry.encoding));
    this.chunks = [];
    this.chars = 0;
  }

  /** Appends one data row. */
  line(text: string): void {
    this.chunks.push(text);
    this.entry.rows++;
    this.chars += text.length + 1;
    if (this.chars >= CHUNK_CHARS) this.flush();
  }

  /** Waits while the OS side is behind; call at checkpoints (every few hundred persons, every day). */
  async drain(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.stream.writableNeedDrain) await once(this.stream, 'drain');
  }

  /** Flushes and closes the file. */
  async close(): Promise<void> {
    this.flush();
    await new Promise<void>((resolve, reject) => {
      this.stream.end((err?: Error | null) => (err ? reject(err) : resolve()));
    });
    if (this.failure) throw this.failure;
  }
}

/** The output directory: creates folders, opens sinks, writes whole files, and records every file. */
export class Output {
  readonly files: FileEntry[] = [];
  private readonly dirs = new Set<string>();
  private inflight: Promise<void>[] = [];
  private failure: Error | undefined;

  constructor(readonly root: string) {}

  private ensureDir(absPath: string): void {
    const dir = dirname(absPath);
    if (this.dirs.has(dir)) return;
    mkdirSync(dir, { recursive: true });
    this.dirs.add(dir);
  }

  /** Opens a streaming file. */
  open(path: string, feed: string, header?: string, encoding: FileEncoding = 'utf-8'): LineSink {
    const abs = join(this.root, path);
    this.ensureDir(abs);
    const entry: FileEntry = { path, feed, rows: 0, bytes: 0, encoding };
    this.files.push(entry);
    return new LineSink(entry, abs, header);
  }

  /**
   * Starts writing a small file in one go (header line first when given). Writes of one day run in
   * parallel on the thread pool (creating thousands of small files one by one is slow on most disks,
   * and a blocking open stalls generation when the disk is busy); settle() waits for them, so at most
   * one day of small files is ever in flight. The callback API costs about a third of the CPU of
   * fs/promises' FileHandle round trips.
   */
  writeWhole(
    path: string,
    feed: string,
    lines: readonly string[],
    header: string | undefined,
    encoding: FileEncoding,
  ): void {
    const abs = join(this.root, path);
    this.ensureDir(abs);
    const text = lines.length > 0 ? `${lines.join('\n')}\n` : '';
    const body = encodeText(header === undefined ? text : `${header}\n${text}`, encoding);
    const bytes = encoding === 'utf-8-bom' ? Buffer.concat([BOM, body]) : body;
    this.files.push({ path, feed, rows: lines.length, bytes: bytes.length, encoding });
    this.inflight.push(
      new Promise<void>((resolve) => {
        writeFile(abs, bytes, (e) => {
          if (e) this.failure ??= e;
          resolve();
        });
      }),
    );
  }

  /** Waits for every small-file write started so far; rethrows the first failure. */
  async settle(): Promise<void> {
    const pending = this.inflight;
    this.inflight = [];
    await Promise.all(pending);
    if (this.failure) throw this.failure;
  }
}
