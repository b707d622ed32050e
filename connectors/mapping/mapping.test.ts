import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTree } from '../../test/files.ts';
import { loadMapping, MappingError, parseMapping, type MappingInput } from './index.ts';

const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples', 'mappings');

const members: MappingInput = {
  source: 'crm_export',
  target: 'source_records',
  key: 'crm_contact:{id}',
  fields: { full_name: 'name', phone: { column: ['mobile', 'tel'] } },
};

const problems = (raw: unknown): string[] => {
  try {
    parseMapping(raw, 'm.json');
  } catch (err) {
    if (err instanceof MappingError) return err.message.split('\n').slice(1);
    throw err;
  }
  return [];
};

describe('mapping schema', () => {
  it('fills the defaults and turns a bare column name into a field spec', () => {
    expect(parseMapping(members, 'm.json')).toEqual({
      source: 'crm_export',
      target: 'source_records',
      encoding: 'auto',
      csv: { header: true },
      key: 'crm_contact:{id}',
      fields: { full_name: { column: 'name' }, phone: { column: ['mobile', 'tel'] } },
      attributes: [],
      required: [],
    });
  });

  it('names the JSON path, the value found and what is expected for every problem', () => {
    let message = '';
    try {
      parseMapping(
        {
          source: 'CRM',
          target: 'orders',
          encodng: 'gbk',
          csv: { delimiter: ';', columns: ['id', 'at'] },
          fields: {
            order_id: 'id',
            ordered_at: { column: 'at', format: 'DD/MM/YY' },
            channel: { column: 'ch', constant: 'store' },
            status: { column: 'st', transform: 'title' },
          },
        },
        'mappings/orders.json',
      );
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatchInlineSnapshot(`
      "invalid mapping in mappings/orders.json:
        source: expected a lower-case name of letters, digits and _ starting with a letter; found "CRM"
        csv.columns: "columns" names the columns of a file without a header row; set "header": false with it; found ["id","at"]
        fields.channel: expected exactly one of "column", "template" or "constant"; found {"column":"ch","constant":"store"}
        fields.status.transform: expected "trim", "upper", "lower" or "digits", or a list of them; found "title"
        (top level): unknown key "encodng": remove or fix the spelling"
    `);
  });

  it('checks the mapping against the target table of the warehouse contract', () => {
    expect(
      problems({
        source: 'shop',
        target: 'orders',
        fields: {
          order_id: 'id',
          ordered_at: { column: 'at', format: 'YYYY/MM' },
          birth_date: 'dob',
          customer_id: 'cid',
          net_amount: { column: 'paid', format: 'YYYYMMDD' },
        },
        required: ['gross_amount'],
      }),
    ).toEqual([
      '  fields.ordered_at.format: date format "YYYY/MM" lacks DD; expected each of YYYY, MM, DD once, optionally HH, mm, ss, SSS; found "YYYY/MM"',
      '  fields.birth_date: core.orders has no column birth_date; expected one of order_id, channel, store_code, ordered_at, status, currency, gross_amount, discount_amount, shipping_amount, net_amount, refund_amount, payment_method, fulfilment',
      '  fields.customer_id: customer_id cannot be mapped: identity resolution assigns it',
      '  fields.net_amount.format: a format applies to date and timestamp columns; net_amount is money; found "YYYYMMDD"',
      '  fields: core.orders needs channel (NOT NULL): map it to a column, a template or a constant',
      '  fields: core.orders needs status (NOT NULL): map it to a column, a template or a constant',
      '  required.0: gross_amount is not mapped in "fields", so no record could have it; found "gross_amount"',
    ]);
  });

  it('asks customer records for a key, and lists columns filled for the mapping', () => {
    expect(problems({ source: 'febrl', target: 'source_records', fields: { phones: 'tel' } })).toEqual([
      '  fields.phones: phones cannot be mapped: it lists every valid phone: map "phone" to a list of columns instead',
      `  key: core.source_records needs a "key" giving each record's source_key: a column, or a template such as "febrl:{id}"`,
    ]);
    expect(
      problems({
        source: 'till',
        target: 'order_lines',
        key: 'x:{}',
        fields: { order_id: { template: '{store}:{no' } },
        attributes: ['memo'],
      }),
    ).toEqual([
      '  fields.order_id.template: has an unmatched { or }; expected {column} placeholders; found "{store}:{no"',
      '  key: expected {column} placeholders naming columns, e.g. "febrl:{rec_id}"; found "x:{}"',
      '  attributes: core.order_lines has no attributes column; remove "attributes"',
    ]);
  });

  it('loads a mapping file, and says when it is missing or not JSON', async () => {
    const dir = writeTree({
      'ok.json': JSON.stringify(members),
      'broken.json': '{ "source": "x", }',
    });
    await expect(loadMapping(join(dir, 'ok.json'))).resolves.toMatchObject({ source: 'crm_export' });
    await expect(loadMapping(join(dir, 'broken.json'))).rejects.toThrow(
      /broken\.json is not valid JSON: .*position 17/,
    );
    await expect(loadMapping(join(dir, 'nope.json'))).rejects.toThrow(
      `mapping file not found: ${join(dir, 'nope.json')}`,
    );
  });

  it('accepts every example mapping shipped in examples/mappings', async () => {
    const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) await expect(loadMapping(join(EXAMPLES, f))).resolves.toBeTruthy();
  });
});
