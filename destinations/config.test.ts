import { describe, expect, it } from 'vitest';
import { DestinationsSchema } from './index.ts';

describe('DestinationsSchema', () => {
  it('fills defaults and always sends customer_id', () => {
    const parsed = DestinationsSchema.parse({
      sms_vip: {
        type: 'webhook',
        url: 'https://sms.example.com/audiences/vip',
        segment: 'vip',
        purpose: 'marketing',
        channel: 'sms',
        fields: ['phone'],
        suppressionLists: ['unsubscribed.txt'],
      },
    });
    expect(parsed.sms_vip).toEqual({
      type: 'webhook',
      url: 'https://sms.example.com/audiences/vip',
      headers: {},
      batchSize: 500,
      retries: 3,
      backoffMs: 500,
      timeoutMs: 10_000,
      segment: 'vip',
      purpose: 'marketing',
      channel: 'sms',
      fields: ['customer_id', 'phone'],
      suppressionLists: [{ file: 'unsubscribed.txt' }],
    });
  });

  it('names the path of a bad setting', () => {
    const r = DestinationsSchema.safeParse({
      out: {
        type: 'file',
        format: 'xlsx',
        directory: 'x',
        segment: 'vip',
        purpose: 'marketing',
        channel: 'sms',
      },
      hook: {
        type: 'webhook',
        url: 'ftp://x',
        segment: 'vip',
        purpose: 'marketing',
        channel: 'sms',
        holdout: { percent: 120, campaign: 'c' },
      },
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'hook.holdout.percent',
      'hook.url',
      'out.format',
    ]);
  });
});
