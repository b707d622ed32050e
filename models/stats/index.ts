// Statistics shared by the models: the Mann-Whitney AUC behind `cdp health validate`.
export { StatsInputError } from './errors.ts';
export { auc, type AucOptions } from './auc.ts';
