// Values that agree or do not, with nothing in between: phone, gender, postcode, IDs. They come
// normalised by the connectors (one spelling per value), so equality is the whole comparison.

/** Levels of compareExact by name; the value is the level. */
export const ExactLevel = {
  /** At least one side is null or empty: no evidence. */
  missing: 0,
  different: 1,
  exact: 2,
} as const;

/** Names of the levels of compareExact; index = level. */
export const EXACT_LEVELS: readonly string[] = Object.keys(ExactLevel);

/** Compares two normalised values by equality; a level of EXACT_LEVELS. */
export function compareExact(a: string | null, b: string | null): number {
  if (a === null || b === null || a === '' || b === '') return ExactLevel.missing;
  return a === b ? ExactLevel.exact : ExactLevel.different;
}
