// The segments layer's public face: definitions, the builder, the compiler and the job.
export {
  ConditionSchema,
  SegmentSchema,
  SegmentsSchema,
  METRICS,
  ATTRIBUTES,
  HEALTH_BANDS,
  findCycle,
  type Condition,
  type ConditionKind,
  type Segment,
  type Segments,
  type Metric,
  type Attribute,
  type HealthBand,
  type HealthCondition,
  type PurchaseFilter,
  type EventFilter,
  type FollowUp,
  type Frequency,
} from './schema.ts';
export {
  segment,
  define,
  and,
  or,
  not,
  rfm,
  tag,
  clv,
  lifetimeSpend,
  orderCount,
  daysSinceLastOrder,
  health,
  city,
  province,
  gender,
  consent,
  purchased,
  did,
  birthday,
  inSegment,
  sqlWhere,
  type ActivityCondition,
  type NumberTest,
} from './builder.ts';
export { parseSegments, loadSegmentsFile, keyPath } from './parse.ts';
export { compileCondition, segmentQuery, birthdayKeys, type SegmentScope } from './compile.ts';
export { writeSegments, type SegmentRunReport } from './write.ts';
export { explain, preview, type Explanation } from './explain.ts';
export {
  SegmentDefinitionError,
  SegmentCycleError,
  SegmentValidationError,
  SegmentRunOrderError,
} from './errors.ts';
