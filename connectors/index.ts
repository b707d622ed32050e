// The connectors layer's public face.
export type {
  Connector,
  FileKind,
  SourceRecord,
  CanonicalRow,
  CanonicalTable,
  MapContext,
  CsvPushdown,
  PushedField,
  PushedStep,
  PushdownSql,
} from './connector.ts';
export { ingest, type IngestOptions, type IngestReport } from './ingest.ts';
export type { PushdownMode } from './load/pushdown.ts';
export type { FileReport } from './load/file-report.ts';
export { getConnector, connectorNames } from './registry.ts';
export { UnreadableFileError, IngestInputError } from './errors.ts';
export { fileConnector } from './sources/file/connector.ts';
export { loadMapping, parseMapping, MappingError, type Mapping, type MappingInput } from './mapping/index.ts';
export { formatIssues as formatZodIssues } from './mapping/format-issues.ts';
export { isTimeZone, zoneOffsetMs } from './normalise/index.ts';
