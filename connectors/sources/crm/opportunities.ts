import type { FileKind, MapOutput } from '../../connector.ts';
import { FieldReader } from '../../map/field-reader.ts';

/** Opportunities in their current state (stage history is a separate file, read as events). */
export const crmOpportunities: FileKind = {
  kind: 'opportunities',
  format: 'csv',
  primary: 'opportunities',
  rawTable: 'raw.crm_opportunities',
  encodings: ['utf-8', 'gbk'],
  map([rec], ctx): MapOutput {
    const f = new FieldReader(rec!, ctx);
    const id = f.text('opportunity_id', { required: true });
    const amount = f.amount('amount');
    // An amount may be blank early on, but a garbled one would silently drop out of pipeline totals.
    if (f.invalid.amount) f.fail('bad_amount', `amount: ${f.invalid.amount}`);
    const row = {
      record_no: rec!.recordNo,
      opportunity_id: id,
      account_code: f.text('account_code'),
      name: f.text('name'),
      stage: f.text('stage'),
      forecast_category: f.text('forecast_category'),
      amount,
      currency: f.text('currency')?.toUpperCase() ?? (amount === null ? null : ctx.currency),
      close_date: f.date('close_date'),
      created_at: f.timestamp('created_at'),
      // Most exports carry no modification time; then any changed column updates the row.
      updated_at: f.timestamp('updated_at'),
    };
    if (f.failure) return { rows: {}, rejections: [{ recordNo: rec!.recordNo, ...f.failure }] };
    return { rows: { opportunities: [row] }, rejections: [] };
  },
};
