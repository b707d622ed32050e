// Account health: configured components, weighted scores, bands, roll-up, alerts and validation.
export {
  HealthConfigSchema,
  DEFAULT_HEALTH_CONFIG,
  HEALTH_COMPONENTS,
  type HealthConfig,
  type HealthComponent,
} from './config.ts';
export { writeHealth, scoreAccounts, type HealthReport } from './write.ts';
export { validateHealth, validationDays, type HealthValidation } from './validate.ts';
export {
  componentValues,
  scoreAccount,
  rollUp,
  bandOf,
  type AccountScore,
  type ComponentScore,
} from './score.ts';
export { readAccountSignals, type AccountSignals } from './components.ts';
