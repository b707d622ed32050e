// Chinese input methods type full-width forms ('１３９', '＠', '（'); every normaliser folds them
// first. Done by code point rather than NFKC, which also rewrites '①', '²' or '㎡' into digits.

const FULL_WIDTH_START = 0xff01;
const FULL_WIDTH_END = 0xff5e;
const OFFSET = FULL_WIDTH_START - 0x21;

/** Replaces full-width ASCII (U+FF01-FF5E), the ideographic space and the full-width yen sign. */
export function toHalfWidth(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (code >= FULL_WIDTH_START && code <= FULL_WIDTH_END) out += String.fromCodePoint(code - OFFSET);
    else if (code === 0x3000) out += ' ';
    else if (code === 0xffe5) out += '¥';
    else out += ch;
  }
  return out;
}

/** Zero-width characters that copy-paste from web pages and chat apps leaves inside values. */
export const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;
