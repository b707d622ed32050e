/**
 * COPY text-format data written as UTF-8 into large buffers; full ones wait in `ready` for the
 * socket. A buffer may end inside a row: COPY data messages need not follow row boundaries.
 */
export class CopyBuffer {
  /** Filled buffers, in order, to send. */
  ready: Buffer[] = [];
  private buf = EMPTY;
  private off = 0;

  /** Takes the filled buffers. */
  take(): Buffer[] {
    const ready = this.ready;
    this.ready = [];
    return ready;
  }

  /** Moves what is written to `ready`. */
  end(): void {
    if (this.off > 0) this.ready.push(this.buf.subarray(0, this.off));
    this.buf = EMPTY;
    this.off = 0;
  }

  /** One byte (a field or row separator). */
  byte(b: number): void {
    if (this.off === this.buf.length) this.reserve(1);
    this.buf[this.off++] = b;
  }

  /** Text known to be ASCII with no character COPY gives a meaning (numbers, timestamps, \N). */
  ascii(s: string): void {
    const n = s.length;
    this.reserve(n);
    if (n > SHORT) {
      this.off += this.buf.write(s, this.off, 'latin1');
      return;
    }
    const buf = this.buf;
    let off = this.off;
    for (let i = 0; i < n; i++) buf[off++] = s.charCodeAt(i);
    this.off = off;
  }

  /** Bytes already in COPY form (a repeated value's, kept by its column). */
  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.off);
    this.off += b.length;
  }

  /** Any text, with backslash, tab, line feed and carriage return escaped. */
  text(s: string): void {
    const n = s.length;
    if (n > SHORT) return this.utf8(s);
    // Short values (codes, numbers, amounts) are copied by hand: cheaper than a regular expression
    // and a native call each. Anything but plain ASCII takes the general way.
    this.reserve(n);
    const buf = this.buf;
    let off = this.off;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c > 0x7f || c === BACKSLASH || c === TAB || c === NEWLINE || c === RETURN) return this.utf8(s);
      buf[off++] = c;
    }
    this.off = off;
  }

  private utf8(s: string): void {
    const text = escapeCopyText(s);
    // A UTF-16 code unit takes at most 3 bytes in UTF-8 (a surrogate pair, 2 units, takes 4).
    this.reserve(text.length * 3);
    this.off += this.buf.write(text, this.off, 'utf8');
  }

  // Makes room for `bytes` more, in a new buffer if needed (one of its own for a huge value).
  private reserve(bytes: number): void {
    if (this.off + bytes <= this.buf.length) return;
    this.end();
    this.buf = Buffer.allocUnsafe(Math.max(bytes, CHUNK_BYTES));
  }
}

// Large enough that the stream and socket costs per buffer vanish, small enough to keep a few
// in flight without a memory cost.
const CHUNK_BYTES = 256 * 1024;
// Up to this many characters, strings are copied in JS; longer ones by one native call.
const SHORT = 24;
const BACKSLASH = 92;
const TAB = 9;
const NEWLINE = 10;
const RETURN = 13;
const SPECIAL = /[\\\t\n\r]/;
const EMPTY = Buffer.alloc(0);

/** Text with the characters COPY's text format gives a meaning escaped by backslash. */
export function escapeCopyText(s: string): string {
  return SPECIAL.test(s)
    ? s.replaceAll('\\', '\\\\').replaceAll('\t', '\\t').replaceAll('\n', '\\n').replaceAll('\r', '\\r')
    : s;
}
