// The identity layer's public face: config schema, the run, evaluation, export, review and unmerge.
export {
  IdentityConfigSchema,
  DEFAULT_IDENTITY_CONFIG,
  DEFAULT_RULES,
  IDENTIFIERS,
  type IdentityConfig,
  type IdentityConfigInput,
  type Rule,
} from './config.ts';
export { runIdentity, type IdentityRunOptions, type IdentityRunReport } from './run.ts';
export {
  evaluateClusters,
  readTruthCsv,
  readAccountOnlyRecords,
  readPlacements,
  truthFromAttribute,
  truthFromKeyPattern,
  TruthFileError,
  type EvaluationReport,
} from './evaluate.ts';
export type { ResolveStats } from './resolve.ts';
export {
  decideReview,
  listReview,
  parseRecordRef,
  planUnmerge,
  planSplit,
  IdentityDecisionError,
  type RecordRef,
  type ReviewRow,
  type UnmergePlan,
} from './decisions.ts';
