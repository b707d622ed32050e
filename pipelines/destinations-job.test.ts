import { describe, expect, it } from 'vitest';
import { parseConfig } from './config/load.ts';
import { checkDestinationSegments } from './destinations-job.ts';

const loaded = (raw: unknown) => ({
  config: parseConfig(raw, 'jobs.config.ts'),
  file: 'jobs.config.ts',
  baseDir: '.',
});
const common = { purpose: 'marketing', channel: 'sms' };

describe('destinations naming a segment', () => {
  it('are refused when the segment is not defined (removed or renamed), naming each key', () => {
    const project = loaded({
      segments: { vip: { where: { kind: 'sql', where: 'TRUE' } } },
      destinations: {
        ok: { type: 'file', format: 'csv', directory: 'out', segment: 'vip', ...common },
        stale: { type: 'file', format: 'csv', directory: 'out', segment: 'lapsed', ...common },
        crm: { type: 'pull', segments: ['vip', 'winback'], tokenEnv: 'CDP_CRM_TOKEN', ...common },
      },
    });
    expect(() => checkDestinationSegments(project, ['ok'])).not.toThrow();
    expect(() => checkDestinationSegments(project)).toThrowErrorMatchingInlineSnapshot(`
      [ConfigError: invalid config in jobs.config.ts:
        destinations.stale.segment: no segment "lapsed" is defined (defined: vip); it was removed or renamed: point the destination at a defined segment or remove the destination
        destinations.crm.segments[1]: no segment "winback" is defined (defined: vip); it was removed or renamed: point the destination at a defined segment or remove the destination]
    `);
  });
});
