// pinyin-pro costs microseconds per call; a name has a handful of characters drawn from a few
// thousand, so every reading is looked up once per process and then served from a Map. Tones are
// dropped and ü is written v (吕 -> lv), the spelling people type on a keyboard.

import { pinyin } from 'pinyin-pro';

const OPTIONS = { toneType: 'none', type: 'array', v: true } as const;
const SURNAME_OPTIONS = { ...OPTIONS, mode: 'surname' } as const;

const readings = new Map<string, string>();
const surnameReadings = new Map<string, readonly string[]>();

/** Toneless pinyin of one Han character in its most common reading ('伟' -> 'wei'). */
export function charPinyin(ch: string): string {
  let reading = readings.get(ch);
  if (reading === undefined) {
    reading = pinyin(ch, OPTIONS).join('').toLowerCase();
    readings.set(ch, reading);
  }
  return reading;
}

/**
 * Toneless pinyin syllables of a family name read as a surname (曾 -> zeng, not ceng; 单 -> shan;
 * 尉迟 -> yu chi), one syllable per character.
 */
export function surnamePinyin(family: string): readonly string[] {
  let syllables = surnameReadings.get(family);
  if (syllables === undefined) {
    syllables = pinyin(family, SURNAME_OPTIONS).map((s) => s.toLowerCase());
    surnameReadings.set(family, syllables);
  }
  return syllables;
}
