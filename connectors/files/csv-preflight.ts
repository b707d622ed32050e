import { createReadStream } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import type { LinesInput } from '../../warehouse/index.ts';
import { completeUtf8Length, decodeFile, type Decoding } from './decode.ts';

/** A CSV file the engine can split by itself: its header line and how many records follow. */
export interface PlainCsv {
  /** The first line, without BOM or line break. */
  readonly header: string;
  /** Lines after the header; each is one record. */
  readonly records: number;
  /** Whether some line holds a control character other than tab (most files hold none). */
  readonly controls: boolean;
  /** The file's text for `Queryable.loadLines` (a new read each call). */
  lines(): LinesInput;
}

// Longer lines go the record-by-record way (the engines' line readers have limits).
const MAX_LINE = 1024 * 1024;
// Characters that make a file not plain: a quote (fields may hold delimiters or line breaks), NUL
// (Postgres text cannot hold it), \x01 (the DuckDB line reader's delimiter).
const SPECIAL_BYTES = [0x22, 0x00, 0x01];
const SPECIAL_CHARS = SPECIAL_BYTES.map((b) => String.fromCharCode(b));
const LF = 0x0a;
const CR = 0x0d;
// Control characters a plain file may hold, as data (JSON text escapes them): all but NUL, \x01,
// tab and the line breaks.
const CONTROL_BYTES = [...Array(32).keys()].filter((b) => b > 1 && b !== 0x09 && b !== LF && b !== CR);
const CONTROL_CHARS = CONTROL_BYTES.map((b) => String.fromCharCode(b));

/**
 * Checks that a CSV file is plain: valid in its encoding, no quotes, one line break throughout (LF,
 * or CRLF with no other CR), no empty line, no overlong line. In such a file every line after the
 * header is one record and its fields are the line split at the delimiter, exactly as
 * csv-scanner.ts reads it, so the engine can read it instead. Returns null for any other file,
 * which goes the record-by-record way (that way also reports an unreadable file as such).
 */
export async function plainCsv(path: string, decoding: Decoding): Promise<PlainCsv | null> {
  if (decoding.encoding === 'utf-8' && !decoding.gzip) {
    const scanned = await scanUtf8File(path);
    return scanned && { ...scanned, lines: () => ({ path, crlf: scanned.crlf }) };
  }
  const scanned = await scanText(decodeFile(path, decoding));
  return scanned && { ...scanned, lines: () => ({ text: decodeFile(path, decoding), crlf: scanned.crlf }) };
}

/** What a scan found: the header and the records of a plain file, its line break, its controls. */
interface Scanned {
  readonly header: string;
  readonly records: number;
  readonly crlf: boolean;
  readonly controls: boolean;
}

/** Line bookkeeping shared by both scans, over text or bytes given as character codes. */
class Lines {
  private headerParts: string[] = [];
  private header: string | null = null;
  private count = 0;
  private crs = 0;
  private length = 0;
  // The line break, decided by the first one as csv-scanner.ts decides it.
  private crlf: boolean | null = null;
  private lastCode = -1;
  controls = false;

  /** Feeds a piece of the file; false once the file is not plain. */
  feed(piece: {
    length: number;
    codeAt(i: number): number;
    indexOf(code: number, from: number): number;
    text(from: number, to: number): string;
  }): boolean {
    const len = piece.length;
    if (!len) return true;
    for (let at = piece.indexOf(CR, 0); at !== -1; at = piece.indexOf(CR, at + 1)) this.crs++;
    let from = 0;
    for (;;) {
      const nl = piece.indexOf(LF, from);
      const end = nl === -1 ? len : nl;
      if (this.header === null) this.headerParts.push(piece.text(from, end));
      this.length += end - from;
      if (this.length > MAX_LINE) return false;
      if (nl === -1) break;
      const before = nl > 0 ? piece.codeAt(nl - 1) : this.lastCode;
      const cr = before === CR;
      this.crlf ??= cr;
      // Every break the same (a CR before some LFs only is data to csv-parse), and no empty line:
      // csv-parse skips it, which the engine's line numbers would not.
      if (cr !== this.crlf || this.length - (cr ? 1 : 0) === 0) return false;
      if (this.header === null) this.header = this.headerParts.join('');
      this.count++;
      this.length = 0;
      from = nl + 1;
    }
    this.lastCode = piece.codeAt(len - 1);
    return true;
  }

  result(): Scanned | null {
    const lines = this.count + (this.length > 0 ? 1 : 0);
    const crlf = this.crlf ?? false;
    // Each CR must end a line: any other is data, which the engine would read as a break.
    if (lines < 2 || this.crs !== (crlf ? this.count : 0)) return null;
    const header = this.header ?? this.headerParts.join('');
    return {
      header: crlf ? header.replace(/\r$/, '') : header,
      records: lines - 1,
      crlf,
      controls: this.controls,
    };
  }
}

async function scanUtf8File(path: string): Promise<Scanned | null> {
  const lines = new Lines();
  let carry: Buffer | null = null;
  let first = true;
  for await (const piece of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    let data: Buffer = carry ? Buffer.concat([carry, piece as Buffer]) : (piece as Buffer);
    if (first) {
      first = false;
      if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) data = data.subarray(3);
    }
    const cut = completeUtf8Length(data);
    const whole = data.subarray(0, cut);
    carry = cut < data.length ? Buffer.from(data.subarray(cut)) : null;
    if (!isUtf8(whole)) return null;
    for (const b of SPECIAL_BYTES) if (whole.indexOf(b) !== -1) return null;
    lines.controls ||= CONTROL_BYTES.some((b) => whole.indexOf(b) !== -1);
    const ok = lines.feed({
      length: whole.length,
      codeAt: (i) => whole[i]!,
      indexOf: (code, from) => whole.indexOf(code, from),
      text: (from, to) => whole.toString('utf8', from, to),
    });
    if (!ok) return null;
  }
  if (carry) return null;
  return lines.result();
}

async function scanText(text: AsyncIterable<string>): Promise<Scanned | null> {
  const lines = new Lines();
  let first = true;
  for await (const chunk of text) {
    if (first && chunk) {
      first = false;
      // The scanner drops one leading BOM; the decoder has dropped one already.
      if (chunk.charCodeAt(0) === 0xfeff) return null;
    }
    if (SPECIAL_CHARS.some((c) => chunk.includes(c))) return null;
    lines.controls ||= CONTROL_CHARS.some((c) => chunk.includes(c));
    const ok = lines.feed({
      length: chunk.length,
      codeAt: (i) => chunk.charCodeAt(i),
      indexOf: (code, from) => chunk.indexOf(String.fromCharCode(code), from),
      text: (from, to) => chunk.slice(from, to),
    });
    if (!ok) return null;
  }
  return lines.result();
}
