// Public face of the synthetic data generator: deterministic, streaming, realistic source-system feeds
// plus the ground truth that says which hidden person is behind every customer-identifying record.

export { GenerateOptionsSchema } from './options.ts';
export type { GenerateOptions, GenerateOptionsInput, GenerateProgress } from './options.ts';
export type { GenerateManifest, InvalidRecord } from './manifest.ts';
export { GENERATOR_VERSION } from './manifest.ts';
export type { FileEntry } from './writer.ts';
export type { FileEncoding } from './places.ts';
export { generate } from './generate.ts';
export { GROUND_TRUTH_HEADER, GROUND_TRUTH_PATH } from './ground-truth.ts';
export { isValidResidentId, residentIdCheckChar } from './resident-id.ts';
export { decodeGbk } from './gbk.ts';
