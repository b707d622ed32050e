import type { FileKind, MapOutput, Rejection, SourceRecord } from '../../connector.ts';
import { FieldReader } from '../../map/field-reader.ts';

interface Change {
  recordNo: number;
  id: string;
  stage: string;
  at: Date;
  account: string | null;
  forecast: string | null;
  amount: string | null;
  invalid: ReturnType<FieldReader['invalidAttributes']>;
}

/**
 * Opportunity stage history: one event per stage change. An opportunity's changes are consecutive
 * in the export, so they are mapped together and each event knows the stage it came from.
 */
export const crmOpportunityStages: FileKind = {
  kind: 'opportunity_stages',
  format: 'csv',
  primary: 'events',
  rawTable: 'raw.crm_opportunity_stages',
  encodings: ['utf-8', 'gbk'],
  groupKey: (r: SourceRecord) => String(r.fields.opportunity_id ?? '').trim(),
  map(records, ctx): MapOutput {
    const rejections: Rejection[] = [];
    const changes: Change[] = [];
    for (const rec of records) {
      const f = new FieldReader(rec, ctx);
      const id = f.text('opportunity_id', { required: true });
      const stage = f.text('stage', { required: true });
      const at = f.timestamp('changed_at', { required: true });
      const amount = f.amount('amount');
      // A garbled amount would silently drop out of pipeline sums.
      if (f.invalid.amount) f.fail('bad_amount', `amount: ${f.invalid.amount}`);
      if (f.failure || !id || !stage || !at) {
        rejections.push({ recordNo: rec.recordNo, ...f.failure! });
        continue;
      }
      changes.push({
        recordNo: rec.recordNo,
        id,
        stage,
        at,
        account: f.text('account_code'),
        forecast: f.text('forecast_category'),
        amount,
        invalid: f.invalidAttributes(),
      });
    }
    // Stable: changes at the same instant keep the export's order.
    changes.sort((a, b) => a.at.getTime() - b.at.getTime());
    const events = changes.map((c, i) => ({
      record_no: c.recordNo,
      event_id: `${c.id}:${c.stage}:${c.at.toISOString()}`,
      event_type: 'opportunity_stage',
      occurred_at: c.at,
      account_code: c.account,
      status: c.stage,
      attributes: {
        opportunity_id: c.id,
        from_stage: changes[i - 1]?.stage ?? null,
        stage: c.stage,
        forecast_category: c.forecast,
        amount: c.amount,
        ...c.invalid,
      },
    }));
    return { rows: { events }, rejections };
  },
};
