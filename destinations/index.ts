// The destinations layer's public face: config, the sync and the lift report.
export {
  DestinationSchema,
  DestinationsSchema,
  FileDestinationSchema,
  WebhookDestinationSchema,
  PullDestinationSchema,
  SuppressionSchema,
  FIELDS,
  type Destination,
  type DestinationConfig,
  type PullDestination,
  type DestinationInput,
  type Destinations,
  type FileDestination,
  type WebhookDestination,
  type Suppression,
  type Field,
} from './config.ts';
export { syncDestination, type SyncOptions, type SyncReport } from './sync.ts';
export { segmentLift, type LiftScope, type LiftArm, type SegmentLift } from './lift.ts';
export { isHeldOut } from './holdout.ts';
export { syncFilePath } from './file-sink.ts';
export type { Fetch } from './webhook-sink.ts';
export {
  DestinationError,
  SegmentNotReadyError,
  SegmentRemovedError,
  DestinationUnavailableError,
  SuppressionListError,
} from './errors.ts';
export {
  createPullApi,
  type PullApi,
  type PullApiOptions,
  type PullServer,
  type PullRequestLog,
} from './serve/api.ts';
export { pullTokens, pullDestinations } from './serve/tokens.ts';
export { PullTokenError } from './serve/errors.ts';
export { OPENAPI as PULL_OPENAPI } from './serve/openapi.ts';
