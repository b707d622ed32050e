// The destinations layer's public face: config, the sync and the lift report.
export {
  DestinationSchema,
  DestinationsSchema,
  FileDestinationSchema,
  WebhookDestinationSchema,
  SuppressionSchema,
  FIELDS,
  type Destination,
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
  DestinationUnavailableError,
  SuppressionListError,
} from './errors.ts';
