// Declarative file mappings: the schema, its loader and what each target table accepts.
export { MappingSchema, FieldSpecSchema, MAPPING_TARGETS } from './schema.ts';
export type { Mapping, MappingInput, MappingTarget, FieldSpec, Transform } from './schema.ts';
export { loadMapping, parseMapping } from './load.ts';
export { MappingError } from './errors.ts';
export { targetColumns, type TargetColumns } from './target-columns.ts';
