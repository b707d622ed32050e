import type { CdpConfigInput } from './schema.ts';

/** Typed identity for jobs.config.ts: editors check the config; `cdp` validates it at load time. */
export function defineConfig(config: CdpConfigInput): CdpConfigInput {
  return config;
}
