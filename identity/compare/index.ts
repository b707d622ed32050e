// Field comparisons of identity resolution: pure functions that map a pair of values to a
// discrete level for a Fellegi-Sunter model. Level 0 is always 'missing' (no evidence), 1
// 'different', and the highest level exact agreement; each *_LEVELS array names the levels.
export { jaroWinkler } from './jaro-winkler.ts';
export { nameFeatures, type NameFeatures, type NameScript } from './name-features.ts';
export { compareNames, NAME_LEVELS, NameLevel } from './compare-names.ts';
export { compareDates, DATE_LEVELS, DateLevel } from './compare-dates.ts';
export { normaliseAddress, type AddressFeatures } from './address-features.ts';
export { compareAddresses, ADDRESS_LEVELS, AddressLevel } from './compare-addresses.ts';
export { compareExact, EXACT_LEVELS, ExactLevel } from './compare-exact.ts';
export { compareEmails, EMAIL_LEVELS, EmailLevel } from './compare-emails.ts';
