// GBK encoding with Node built-ins only. Node ships a GBK *decoder* (TextDecoder, full ICU) but no
// encoder, so the encoder table is built once by decoding every two-byte GBK sequence and inverting
// the result. That keeps the generator free of iconv-lite while producing byte-exact GBK files.

let table: Uint16Array | undefined;

function buildTable(): Uint16Array {
  const t = new Uint16Array(65_536);
  const decoder = new TextDecoder('gbk', { fatal: false });
  const pair = new Uint8Array(2);
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      pair[0] = lead;
      pair[1] = trail;
      const ch = decoder.decode(pair);
      if (ch.length !== 1 || ch === '\ufffd') continue;
      const code = ch.charCodeAt(0);
      if (t[code] === 0) t[code] = (lead << 8) | trail;
    }
  }
  return t;
}

/** Encodes text as GBK; characters GBK cannot represent become '?'. */
export function encodeGbk(text: string): Buffer {
  table ??= buildTable();
  const out = Buffer.allocUnsafe(text.length * 2);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      out[n++] = code;
      continue;
    }
    const gbk = table[code] ?? 0;
    if (gbk === 0) {
      out[n++] = 0x3f;
      // A surrogate pair is one unrepresentable character, not two.
      if (code >= 0xd800 && code <= 0xdbff) i++;
      continue;
    }
    out[n++] = gbk >> 8;
    out[n++] = gbk & 0xff;
  }
  return out.subarray(0, n);
}

/** Decodes GBK bytes (for tests and for reading a generated file back). */
export function decodeGbk(bytes: Uint8Array): string {
  return new TextDecoder('gbk').decode(bytes);
}
