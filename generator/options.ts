// Options of a generator run; defaults live in the schema so every caller gets the same ones.

import { z } from 'zod';
import { parseIsoDate } from './calendar.ts';
import { MAX_CUSTOMERS } from './streams.ts';

export interface GenerateProgress {
  phase: string;
  done: number;
  total: number;
}

export const GenerateOptionsSchema = z.object({
  out: z.string().min(1, 'out: an output directory is required'),
  customers: z.number().int().min(1).max(MAX_CUSTOMERS).default(1000),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(42),
  start: z
    .string()
    .refine((s) => {
      const day = parseIsoDate(s);
      return day !== undefined && s >= '2000-01-01' && s <= '2099-12-31';
    }, 'start: a real date YYYY-MM-DD between 2000 and 2099')
    .default('2025-01-01'),
  days: z.number().int().min(1).max(3660).default(365),
  onProgress: z
    .custom<(p: GenerateProgress) => void>((v) => typeof v === 'function', 'onProgress: a function')
    .optional(),
});

export type GenerateOptions = z.infer<typeof GenerateOptionsSchema>;
export type GenerateOptionsInput = z.input<typeof GenerateOptionsSchema>;
