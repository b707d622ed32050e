// Command-line entry for benchmarks and ad-hoc runs:
//   npx tsx generator/main.ts --out /tmp/cdp-demo --customers 10000 [--seed 42] [--start 2025-01-01] [--days 365]

import { parseArgs } from 'node:util';
import { generate } from './generate.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    customers: { type: 'string' },
    seed: { type: 'string' },
    start: { type: 'string' },
    days: { type: 'string' },
    quiet: { type: 'boolean' },
  },
});
const num = (s: string | undefined) => (s === undefined ? undefined : Number(s));
const began = performance.now();
const manifest = await generate({
  out: values.out ?? '',
  customers: num(values.customers),
  seed: num(values.seed),
  start: values.start,
  days: num(values.days),
  onProgress: (p) => {
    if (values.quiet || (p.done !== p.total && (p.phase === 'persons' || p.done % 30 !== 0))) return;
    process.stderr.write(
      `${p.phase} ${p.done}/${p.total} ${((performance.now() - began) / 1000).toFixed(1)}s\n`,
    );
  },
});
const bytes = manifest.files.reduce((s, f) => s + f.bytes, 0);
const seconds = (performance.now() - began) / 1000;
console.log(
  JSON.stringify(
    {
      seconds: Number(seconds.toFixed(1)),
      files: manifest.files.length,
      megabytes: Number((bytes / 1e6).toFixed(1)),
      peakRssMegabytes: Math.round(process.resourceUsage().maxRSS / 1024),
      counts: manifest.counts,
    },
    null,
    2,
  ),
);
