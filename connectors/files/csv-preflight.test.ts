import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { writeTree } from '../../test/files.ts';
import { detectEncoding } from './decode.ts';
import { plainCsv } from './csv-preflight.ts';

async function scan(content: string | Uint8Array, name = 'a.csv') {
  const path = join(writeTree({ [name]: content }), name);
  return plainCsv(path, await detectEncoding(path, ['utf-8', 'gbk']));
}

async function check(content: string | Uint8Array, name = 'a.csv') {
  const plain = await scan(content, name);
  return plain && { header: plain.header, records: plain.records };
}

describe('plainCsv', () => {
  it('reads the header and counts the records of a plain file, with or without BOM or last line break', async () => {
    expect(await check('a,b\n1,2\n3,4\n')).toEqual({ header: 'a,b', records: 2 });
    expect(await check('\ufeffa,b\n1,2\n3,4')).toEqual({ header: 'a,b', records: 2 });
    expect(await check('a,b\r\n1,2\r\n3,4\r\n')).toEqual({ header: 'a,b', records: 2 });
    expect(await check('a,b\r\n1,2\r\n3,4')).toEqual({ header: 'a,b', records: 2 });
    expect(await check(gzipSync(Buffer.from('a,b\n1,2\n')), 'a.csv.gz')).toEqual({
      header: 'a,b',
      records: 1,
    });
    // GBK bytes of 口罩.
    expect(await check(Buffer.from('612c620a312cbfdad5d60a', 'hex'))).toEqual({ header: 'a,b', records: 1 });
  });

  it('tells whether a line holds a control character (tab and line breaks aside)', async () => {
    expect((await scan('a,b\r\n1,\t2\r\n'))?.controls).toBe(false);
    expect((await scan('a,b\n1,\u00022\n'))?.controls).toBe(true);
    expect((await scan(gzipSync(Buffer.from('a,b\n1,\u001f2\n')), 'a.csv.gz'))?.controls).toBe(true);
  });

  it('keeps a character cut between two reads whole', async () => {
    const line = '1,口罩零食日用品\n';
    const body = line.repeat(Math.ceil((3 * 1024 * 1024) / Buffer.byteLength(line)));
    expect(await check(`a,b\n${body}`)).toEqual({ header: 'a,b', records: body.split('\n').length - 1 });
  });

  it('turns down what the CSV reader would read other than line by line', async () => {
    for (const text of [
      'a,b\n"1",2\n', // quoting
      'a,b\r\n1,2\n3,4\r\n', // a break other than the first line's is data to csv-parse
      'a,b\n1,2\r\n',
      'a,b\r\n1,\r2\r\n', // a CR that ends no line
      'a,b\r\n1,2\r',
      'a,b\r\n1,2\r\n\r\n3,4\r\n',
      'a,b\n1,2\n\n3,4\n', // an empty line is skipped, not numbered as a record
      'a,b\n1,2\n\n',
      '\na,b\n1,2\n',
      'a,b\n1,\u00002\n', // NUL
      'a,b\n1,\u00012\n',
      'a,b\n', // no records
      '',
    ]) {
      expect(await check(text), JSON.stringify(text)).toBeNull();
    }
    expect(await check(`a,b\n1,${'x'.repeat(1_100_000)}\n`)).toBeNull();
  });

  it('turns down a file with an invalid byte past the part the encoding was sniffed from', async () => {
    const body = Buffer.from(`a,b\n${'1,2\n'.repeat(200_000)}`);
    expect(await check(Buffer.concat([body, Buffer.from([0x31, 0x2c, 0xff, 0x0a])]))).toBeNull();
  });
});
