// One generator run: validate options, guard the output folder, run the person pass, the account-level
// CRM and equipment files and the day pass, then write manifest.json.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildContext } from './context.ts';
import { TIMEZONE } from './calendar.ts';
import { dayPass } from './day-pass.ts';
import { writeAccountFiles } from './feed-crm-accounts.ts';
import { writeEquipmentFiles } from './feed-equipment.ts';
import { GROUND_TRUTH_HEADER, GROUND_TRUTH_PATH, GroundTruth } from './ground-truth.ts';
import type { GenerateManifest } from './manifest.ts';
import { Counts, GENERATOR_NAME, GENERATOR_VERSION } from './manifest.ts';
import type { GenerateOptionsInput } from './options.ts';
import { GenerateOptionsSchema } from './options.ts';
import { prepareOutDir } from './out-dir.ts';
import { personPass } from './person-pass.ts';
import type { World } from './world.ts';
import { PersonCache } from './world.ts';
import { Output } from './writer.ts';

/** Generates every feed into `out` and returns the manifest (also written as out/manifest.json). */
export async function generate(input: GenerateOptionsInput): Promise<GenerateManifest> {
  const opts = GenerateOptionsSchema.parse(input);
  await prepareOutDir(opts.out);
  const ctx = buildContext(opts);
  const output = new Output(opts.out);
  const counts = new Counts();
  const gtSink = output.open(GROUND_TRUTH_PATH, 'ground_truth', GROUND_TRUTH_HEADER);
  const world: World = {
    ctx,
    output,
    gt: new GroundTruth(gtSink, ctx, counts),
    counts,
    invalid: [],
    contactsByAccount: ctx.accounts.map(() => []),
    conversionsByAccount: ctx.accounts.map(() => []),
    people: new PersonCache(ctx),
  };
  const perDay = await personPass(world, opts.onProgress);
  await writeAccountFiles(world);
  await writeEquipmentFiles(world);
  await dayPass(world, perDay, opts.onProgress);
  await world.gt.close();
  const manifest: GenerateManifest = {
    generator: GENERATOR_NAME,
    formatVersion: 1,
    generatorVersion: GENERATOR_VERSION,
    seed: opts.seed,
    options: { customers: opts.customers, seed: opts.seed, start: opts.start, days: opts.days },
    window: { start: ctx.cal.date(0), endExclusive: ctx.cal.date(ctx.cal.days), timezone: TIMEZONE },
    files: [...output.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    counts: counts.toJSON(),
    invalidRecords: world.invalid,
  };
  await writeFile(join(opts.out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
