// Fellegi-Sunter record linkage (as in Splink): u from random pairs, m and lambda by EM on the
// candidate pairs, match weights with term-frequency adjustment. Pure computation over typed arrays.
export type { ComparisonSpec, FsParams } from './params.ts';
export {
  clampProbability,
  priorWeight,
  weightToProbability,
  MIN_PROBABILITY,
  MAX_PROBABILITY,
} from './params.ts';
export { FsParamsError, GammaError } from './errors.ts';
export { checkGamma } from './gamma.ts';
export { estimateU } from './estimate-u.ts';
export { estimateM, defaultInitialM, type EmOptions, type EmIteration, type EmResult } from './estimate-m.ts';
export type { TermFrequencies, TermFrequencyAdjustment } from './term-frequencies.ts';
export { scorePairs, explainPair, type PairScores, type ComparisonEvidence } from './score.ts';
export { serialiseParams, parseParams, parseModel, type StoredModel } from './serialise.ts';
