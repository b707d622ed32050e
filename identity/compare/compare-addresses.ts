// Addresses -> a Fellegi-Sunter level, on what normaliseAddress prepared.

import type { AddressFeatures } from './address-features.ts';
import { jaroWinkler } from './jaro-winkler.ts';

/** Levels of compareAddresses by name; the value is the level. */
export const AddressLevel = {
  /** A side is missing, or the two have no part in common to compare: no evidence. */
  missing: 0,
  /** Different cities, or nothing that agrees. */
  different: 1,
  same_city: 2,
  /** Same district (and no conflicting city). */
  same_district: 3,
  /** Street tokens overlap (Jaccard >= 0.6) with no conflicting city or district. */
  similar_street: 4,
  /** Same street tokens with no conflicting city or district. */
  exact: 5,
} as const;

/** Names of the levels of compareAddresses; index = level. */
export const ADDRESS_LEVELS: readonly string[] = Object.keys(AddressLevel);

const SIMILAR_STREET_JACCARD = 0.6;
const SIMILAR_CITY_JW = 0.9;

/** Compares two addresses prepared by normaliseAddress; a level of ADDRESS_LEVELS. */
export function compareAddresses(a: AddressFeatures | null, b: AddressFeatures | null): number {
  if (a === null || b === null) return AddressLevel.missing;
  const bothCities = a.city !== null && b.city !== null;
  const bothDistricts = a.district !== null && b.district !== null;
  const bothStreets = a.tokens.length > 0 && b.tokens.length > 0;
  if (bothCities && !sameCity(a.city, b.city)) return AddressLevel.different;
  // 中山路1号 is in many districts of one city: a different district makes the street meaningless.
  if (bothStreets && !(bothDistricts && a.district !== b.district)) {
    if (a.tokens.length === b.tokens.length && a.tokens.every((t) => b.tokens.includes(t))) {
      return AddressLevel.exact;
    }
    if (tokenJaccard(a.tokens, b.tokens) >= SIMILAR_STREET_JACCARD) return AddressLevel.similar_street;
  }
  if (bothDistricts && a.district === b.district) return AddressLevel.same_district;
  if (bothCities) return AddressLevel.same_city;
  return bothDistricts || bothStreets ? AddressLevel.different : AddressLevel.missing;
}

/**
 * Whether two cities are one: the same name, or for names in letters a typo apart ('Birmngham',
 * 'st jmaes'), as tokenJaccard allows in streets. Han city names are short and exact. Bolton /
 * Boston pass too: u, estimated with this comparison, counts such strangers and prices them in.
 */
function sameCity(a: string, b: string): boolean {
  if (a === b) return true;
  return (
    a.length >= 4 &&
    b.length >= 4 &&
    a.charCodeAt(0) < 0x80 &&
    b.charCodeAt(0) < 0x80 &&
    jaroWinkler(a, b) >= SIMILAR_CITY_JW
  );
}

/**
 * |A ∩ B| / |A ∪ B| of two token lists without repeats, where a typo still counts as the same token
 * ('stockwekl' / 'stockwell': both 4+ characters and Jaro-Winkler >= 0.9); nested loops beat a Set
 * at these sizes.
 */
function tokenJaccard(a: readonly string[], b: readonly string[]): number {
  let common = 0;
  for (const token of a) {
    if (b.includes(token)) common++;
    else if (token.length >= 4 && b.some((t) => t.length >= 4 && jaroWinkler(token, t) >= 0.9)) common++;
  }
  return common / (a.length + b.length - common);
}
