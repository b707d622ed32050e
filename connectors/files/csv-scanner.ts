// A CSV tokenizer over decoded text, written for ingest speed: csv-parse works byte by byte on
// Buffers and was a sixth of a POS ingest. It keeps csv-parse's dialect as read-csv.ts used it
// (quote and escape '"', the record delimiter auto-detected from the first line break and used for
// the whole file, empty lines skipped, one leading BOM dropped, no trimming) and its error texts.
// A line without a quote is split with indexOf; only quoted records take the character loop.

/** One record: its fields, its text without the line break, and the line it starts on. */
export interface CsvRow {
  readonly fields: string[];
  readonly raw: string;
  readonly line: number;
}

/** Broken quoting; the message is csv-parse's for the same input. */
export class CsvSyntaxError extends Error {
  override readonly name = 'CsvSyntaxError';
}

const QUOTE = 34;
const CR = 13;
const LF = 10;

/**
 * Splits CSV text fed in chunks into rows. `push` returns the rows complete so far (a record cut at
 * the end of a chunk waits for the next one); `end` returns the rest.
 */
export class CsvScanner {
  private buf = '';
  private pos = 0;
  // The record delimiter: '' until the first line break outside quotes decides it.
  private rd = '';
  private line = 1;
  private started = false;
  private nextQuote = -1;
  private readonly d0: number;

  constructor(private readonly delimiter: string) {
    if (!delimiter) throw new RangeError('a CSV delimiter cannot be empty');
    this.d0 = delimiter.charCodeAt(0);
  }

  /** Adds text; returns the rows it completed. */
  push(chunk: string): CsvRow[] {
    this.buf = this.pos < this.buf.length ? this.buf.slice(this.pos) + chunk : chunk;
    this.pos = 0;
    this.nextQuote = -1;
    return this.scan(false);
  }

  /** Ends the input; returns the last rows. Throws CsvSyntaxError on an unclosed quote. */
  end(): CsvRow[] {
    return this.scan(true);
  }

  private scan(final: boolean): CsvRow[] {
    const rows: CsvRow[] = [];
    if (!this.started) {
      if (!this.buf.length) return rows;
      this.started = true;
      if (this.buf.charCodeAt(0) === 0xfeff) this.pos = 1;
    }
    const buf = this.buf;
    const len = buf.length;
    for (;;) {
      if (this.pos >= len) return rows;
      const row = (this.rd ? this.fast(final) : undefined) ?? this.slow(final);
      if (row === null) return rows;
      if (row !== EMPTY) rows.push(row);
    }
  }

  // A record without quotes (nor, with CRLF files, a bare LF): found with indexOf, null when it may
  // continue in the next chunk, undefined when the character loop must read it.
  private fast(final: boolean): CsvRow | typeof EMPTY | null | undefined {
    const buf = this.buf;
    const start = this.pos;
    const rd = this.rd;
    let end: number;
    let next: number;
    if (rd === '\r\n') {
      const lf = buf.indexOf('\n', start);
      if (lf === -1) {
        if (!final) return null;
        end = buf.length;
        next = end;
      } else {
        if (lf === start || buf.charCodeAt(lf - 1) !== CR) return undefined;
        end = lf - 1;
        next = lf + 1;
      }
    } else {
      const at = buf.indexOf(rd, start);
      if (at === -1) {
        if (!final) return null;
        end = buf.length;
        next = end;
      } else {
        end = at;
        next = at + 1;
      }
    }
    if (this.nextQuote < start) {
      this.nextQuote = buf.indexOf('"', start);
      if (this.nextQuote === -1) this.nextQuote = Infinity;
    }
    if (this.nextQuote < end) return undefined;
    const line = this.line;
    this.pos = next;
    if (next > end) this.line++;
    if (end === start) return EMPTY;
    const fields: string[] = [];
    const delim = this.delimiter;
    const dlen = delim.length;
    let from = start;
    if (dlen === 1) {
      for (;;) {
        const at = buf.indexOf(delim, from);
        if (at === -1 || at >= end) break;
        fields.push(buf.slice(from, at));
        from = at + 1;
      }
    } else {
      for (;;) {
        const at = buf.indexOf(delim, from);
        if (at === -1 || at + dlen > end) break;
        fields.push(buf.slice(from, at));
        from = at + dlen;
      }
    }
    fields.push(buf.slice(from, end));
    return { fields, raw: buf.slice(start, end), line };
  }

  // The character loop, for quoted fields and for the first record (which decides the line break).
  private slow(final: boolean): CsvRow | typeof EMPTY | null {
    const buf = this.buf;
    const len = buf.length;
    const start = this.pos;
    const delim = this.delimiter;
    const dlen = delim.length;
    const d0 = this.d0;
    // Before the end of the input, a quote, a delimiter or a CR is decided only with what follows it.
    const ahead = final ? 0 : Math.max(dlen, 2);
    const fields: string[] = [];
    let field = '';
    let quoting = false;
    let wasQuoting = false;
    let breaks = 0;
    let i = start;
    for (;;) {
      if (i >= len) {
        if (!final) return null;
        if (quoting) {
          // csv-parse counts a line break once a character follows it.
          const trailing = isBreak(buf.charCodeAt(len - 1), this.rd) ? 1 : 0;
          throw new CsvSyntaxError(
            `Quote Not Closed: the parsing is finished with an opening quote at line ${this.line + breaks - trailing}`,
          );
        }
        this.pos = len;
        const line = this.line;
        this.line += breaks;
        if (!wasQuoting && fields.length === 0 && field === '') return EMPTY;
        fields.push(field);
        return { fields, raw: buf.slice(start, len), line };
      }
      const c = buf.charCodeAt(i);
      if (quoting) {
        if (c === QUOTE) {
          if (i + 1 + ahead > len && !final) return null;
          if (buf.charCodeAt(i + 1) === QUOTE) {
            field += '"';
            i += 2;
            continue;
          }
          const after = i + 1;
          if (after >= len || buf.startsWith(delim, after) || this.recordDelimiterAt(after) > 0) {
            quoting = false;
            wasQuoting = true;
            i = after;
            continue;
          }
          throw new CsvSyntaxError(
            `Invalid Closing Quote: got "${buf[after]!}" at line ${this.line + breaks} instead of delimiter, record delimiter, trimable character (if activated) or comment`,
          );
        }
        // Up to the next quote in one piece, counting the line breaks in it.
        let q = buf.indexOf('"', i);
        if (q === -1) q = len;
        for (let k = i; k < q; k++) if (isBreak(buf.charCodeAt(k), this.rd)) breaks++;
        field += buf.slice(i, q);
        i = q;
        continue;
      }
      if (c === CR || c === LF) {
        if (c === CR && i + ahead > len) return null;
        const rdLen = this.recordDelimiterAt(i);
        if (rdLen > 0) {
          this.pos = i + rdLen;
          const line = this.line;
          this.line += breaks + 1;
          if (!wasQuoting && fields.length === 0 && field === '') return EMPTY;
          fields.push(field);
          return { fields, raw: buf.slice(start, i), line };
        }
        if (isBreak(c, this.rd)) breaks++;
        field += buf[i];
        i++;
        continue;
      }
      if (c === d0) {
        if (i + ahead > len) return null;
        if (dlen === 1 || buf.startsWith(delim, i)) {
          fields.push(field);
          field = '';
          wasQuoting = false;
          i += dlen;
          continue;
        }
      }
      if (c === QUOTE) {
        if (field.length !== 0) {
          throw new CsvSyntaxError(
            `Invalid Opening Quote: a quote is found on field ${fields.length} at line ${this.line + breaks}, value is ${JSON.stringify(field)}`,
          );
        }
        quoting = true;
        i++;
        continue;
      }
      // Plain characters up to the next one that means something, in one piece.
      let k = i + 1;
      while (k < len) {
        const ch = buf.charCodeAt(k);
        if (ch === d0 || ch === QUOTE || ch === CR || ch === LF) break;
        k++;
      }
      field += buf.slice(i, k);
      i = k;
    }
  }

  // Length of the record delimiter at `at` (0 if none), deciding it on the first line break. The
  // caller has made sure the character after a CR is there, unless the input has ended.
  private recordDelimiterAt(at: number): number {
    const buf = this.buf;
    if (at >= buf.length) return 0;
    const c = buf.charCodeAt(at);
    if (!this.rd) {
      if (c === LF) this.rd = '\n';
      else if (c === CR) this.rd = buf.charCodeAt(at + 1) === LF ? '\r\n' : '\r';
      else return 0;
      return this.rd.length;
    }
    if (this.rd === '\r\n') return c === CR && buf.charCodeAt(at + 1) === LF ? 2 : 0;
    return c === this.rd.charCodeAt(0) ? 1 : 0;
  }
}

const EMPTY = Symbol('empty line');

// What counts as a new line for line numbers: LF, or CR in a file whose records end in a lone CR.
function isBreak(c: number, rd: string): boolean {
  return rd === '\r' ? c === CR : c === LF;
}
