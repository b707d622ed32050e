// Customer lifetime value: BG/NBD purchase counts, Gamma-Gamma spend and their discounted product.
// Pure computation over typed arrays; the time unit and currency are the caller's (see CONTEXT.md).
export { ClvInputError, ClvNumericError } from './errors.ts';
export { logGamma, digamma, logBeta, logSumExp, log1pExp, logSumExpArray, hyp2f1 } from './special.ts';
export {
  minimise,
  withNumericGradient,
  type Objective,
  type MinimiseOptions,
  type MinimiseResult,
} from './optimise.ts';
export { checkRfm, groupRfm, type RfmData, type GroupedRfm } from './rfm.ts';
export {
  fitBgNbd,
  bgNbdLogLikelihood,
  type BgNbdParams,
  type BgNbdFit,
  type BgNbdFitOptions,
} from './bg-nbd.ts';
export { expectedPurchases, conditionalExpectedPurchases, probabilityAlive } from './bg-nbd-predict.ts';
export {
  fitGammaGamma,
  gammaGammaLogLikelihood,
  conditionalExpectedSpend,
  type GammaGammaParams,
  type GammaGammaFit,
  type GammaGammaFitOptions,
  type SpendData,
} from './gamma-gamma.ts';
export { customerLifetimeValue, customerLifetimeValues, type ClvOptions, type ClvCustomer } from './clv.ts';
export { summariseTransactions, summaryColumns, type Transaction, type CustomerSummary } from './summary.ts';
