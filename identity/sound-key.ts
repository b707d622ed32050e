import type { NameFeatures } from './compare/index.ts';

const cache = new WeakMap<NameFeatures, string>();

/** The name's pinyin syllables in sorted order: equal for 张伟, 張偉, "Zhang Wei" and "Wei Zhang". Cached per record. */
export function soundKey(f: NameFeatures): string {
  let key = cache.get(f);
  if (key === undefined) {
    key = [...f.tokens].sort().join(' ');
    cache.set(f, key);
  }
  return key;
}
