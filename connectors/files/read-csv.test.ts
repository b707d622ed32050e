import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { SourceRecord } from '../connector.ts';
import { readCsv, type CsvOptions } from './read-csv.ts';

async function* chunked(text: string, cuts: number[]): AsyncGenerator<string> {
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    yield text.slice(at, cut);
    at = cut;
  }
  yield text.slice(at);
}

async function read(text: string, cuts: number[] = [], opts: CsvOptions = {}): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  for await (const batch of readCsv(chunked(text, cuts), 'f.csv', opts)) out.push(...batch);
  return out;
}

type Parsed = { fields: string[]; raw: string; line: number }[] | { error: string };

// What the reader did when it was built on csv-parse, with its two slips put right: a record's
// raw text had the blank lines before it and a CRLF file's CR, and its line was off by as many.
function oracle(text: string, delimiter: string): Parsed {
  try {
    const rows = parse(text, {
      delimiter,
      bom: true,
      info: true,
      raw: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: false,
    }) as unknown as { record: string[]; raw: string; info: { lines: number } }[];
    const rd = recordDelimiter(text);
    return rows.map(({ record, raw, info }) => {
      let own = raw;
      // Blank lines before the record (a CRLF one as its CR alone).
      const blank = rd === '\r\n' ? '\r' : rd;
      while (blank && own.startsWith(blank) && own !== blank) own = own.slice(blank.length);
      if (rd && own.endsWith(rd)) own = own.slice(0, -rd.length);
      // csv-parse leaves the second character of a CRLF or of a two-character delimiter out of raw.
      else if (rd === '\r\n' && own.endsWith('\r')) own = own.slice(0, -1);
      const line = info.lines - (own.match(/\n/g)?.length ?? 0);
      return { fields: record, raw: delimiter.length > 1 ? '' : own, line };
    });
  } catch (err) {
    return {
      error: `cannot read f.csv: CSV is malformed: ${(err as Error).message}; nothing of it was loaded`,
    };
  }
}

async function ours(text: string, delimiter: string, cuts: number[]): Promise<Parsed> {
  try {
    const records = await read(text, cuts, { delimiter, header: false });
    return records.map((r) => ({
      fields: Object.values(r.fields).filter((v) => v !== undefined) as string[],
      raw: delimiter.length > 1 ? '' : r.raw,
      line: r.line,
    }));
  } catch (err) {
    return { error: (err as Error).message };
  }
}

// The first line break outside quotes: csv-parse ends every record of the file with it.
function recordDelimiter(text: string): string {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (!quoted && text[i] === '\n') return '\n';
    else if (!quoted && text[i] === '\r') return text[i + 1] === '\n' ? '\r\n' : '\r';
  }
  return '';
}

// csv-parse counts every CR and LF as a line, even a CR in a quoted field or an LF in a file of CR
// line breaks, and keeps odd pieces of them in raw; we count the file's own line breaks. Lines and
// raw text are compared where both agree.
function linesComparable(text: string): boolean {
  let quoted = false;
  const crMode = !text.includes('\n');
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    if (c === '\r' && (quoted || (!crMode && text[i + 1] !== '\n'))) return false;
    if (c === '\n' && text.includes('\r') && text[i - 1] !== '\r') return false;
  }
  return true;
}

function forgetLines(parsed: Parsed): void {
  if (Array.isArray(parsed)) for (const row of parsed) [row.line, row.raw] = [0, ''];
  else parsed.error = parsed.error.replace(/at line \d+/, 'at line ?');
}

// csv-parse names the byte after a bad closing quote, not the character: garbled for non-ASCII.
function asciiOnly(message: string): string {
  return message.replace(/got "([^"])"/, (m, c: string) => (c.charCodeAt(0) > 0x7f ? 'got "?"' : m));
}

function prng(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return Math.floor((s / 2147483648) * n);
  };
}

describe('readCsv', () => {
  it('keys fields by the header and reports the line each record starts on', async () => {
    const records = await read('\ufeffa,b\n1,2\n\n"x\ny",3\r\n4\n', [3, 9]);
    expect(records.map((r) => [r.recordNo, r.line, r.raw, r.fields, r.parseError])).toEqual([
      [1, 2, '1,2', { a: '1', b: '2' }, undefined],
      [2, 4, '"x\ny",3\r', { a: 'x\ny', b: '3\r' }, undefined],
      [3, 6, '4', { a: '4', b: undefined }, 'has 1 fields; expected 2 (a, b)'],
    ]);
  });

  it('reads CRLF files without the CR in the raw text', async () => {
    const records = await read('a,b\r\n1,2\r\n\r\n3,"4\r\n5"\r\n', [4, 10, 11]);
    expect(records.map((r) => [r.line, r.raw, r.fields])).toEqual([
      [2, '1,2', { a: '1', b: '2' }],
      [4, '3,"4\r\n5"', { a: '3', b: '4\r\n5' }],
    ]);
  });

  it('names columns when the file has no header', async () => {
    const records = await read('1;2\n', [], { delimiter: ';', header: false });
    expect(records[0]?.fields).toEqual({ column1: '1', column2: '2' });
  });

  it.each([
    ['a,b\nx,y"z\n', /Invalid Opening Quote: a quote is found on field 1 at line 2, value is "y"/],
    ['a,b\nx,"y"z\n', /Invalid Closing Quote: got "z" at line 2/],
    ['a,b\nx,"y\n', /Quote Not Closed: the parsing is finished with an opening quote at line 2/],
  ])('fails a file with broken quoting: %j', async (text, message) => {
    await expect(read(text)).rejects.toThrow(message);
  });

  // Random files of the characters that matter, cut into chunks at random places, against csv-parse.
  it.each([
    ['LF files', ',', ['a', 'b', '中', ' ', ',', '"', '"', '\n', '\n', '\n']],
    ['CRLF files', ',', ['a', '中', ',', '"', '\r\n', '\r\n', '\n']],
    ['CR files', ',', ['a', ',', '"', '\r', '\r']],
    ['a two-character delimiter', '||', ['a', '|', '||', '"', '\n', '\n']],
    ['tab-separated files', '\t', ['a', '\t', '"', '\n', '\r\n']],
  ])('splits %s as csv-parse did', async (_, delimiter, alphabet) => {
    const rand = prng(alphabet.length * 7919 + delimiter.length);
    for (let run = 0; run < 1500; run++) {
      let text = rand(10) === 0 ? '\ufeff' : '';
      const size = rand(40);
      for (let i = 0; i < size; i++) text += alphabet[rand(alphabet.length)];
      const cuts = Array.from({ length: rand(4) }, () => rand(text.length + 1));
      const expected = oracle(text, delimiter);
      const actual = await ours(text, delimiter, cuts);
      if (!linesComparable(text)) for (const p of [expected, actual]) forgetLines(p);
      for (const p of [expected, actual]) if (!Array.isArray(p)) p.error = asciiOnly(p.error);
      expect({ text, cuts, actual }).toEqual({ text, cuts, actual: expected });
    }
  });
});
