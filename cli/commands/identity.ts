import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { userInfo } from 'node:os';
import {
  decideReview,
  evaluateIdentity,
  listReview,
  parseRecordRef,
  runIdentityJob,
  unmergeCustomer,
  splitCustomer,
} from '../../pipelines/index.ts';
import { sql } from '../../warehouse/index.ts';
import type { CommandContext, Run } from '../context.ts';
import { UsageError } from '../errors.ts';
import { renderCsv, renderNdjson } from '../output/write-result.ts';
import { textTable } from '../output/text-table.ts';

const pct = (x: number) => x.toFixed(4);

/** `cdp identity ...`: resolve customers, measure them against a truth, export placements. */
export function registerIdentity(program: Command, run: Run): void {
  const identity = program
    .command('identity')
    .description('identity resolution: one stable customer ID per person across all sources');

  identity
    .command('run')
    .description(
      'resolve every source record into customers (deterministic rules, the probabilistic model, attachment of nameless records); IDs stay stable across runs',
    )
    .option('--retrain', 're-estimate the probabilistic model (m and u by EM) even if one is stored')
    .option('--force', 'resolve even if no record, decision or setting changed since the last run')
    .option('--json', 'print the run report as JSON')
    .action(
      run(async (ctx: CommandContext, options: { json?: boolean; retrain?: boolean; force?: boolean }) => {
        const { warehouse } = await ctx.warehouse();
        const r = await runIdentityJob(warehouse, ctx.loaded, ctx.log, {
          retrain: options.retrain,
          force: options.force,
        });
        if (options.json) {
          process.stdout.write(JSON.stringify(r, null, 2) + '\n');
          return;
        }
        if (r.skipped) {
          process.stdout.write(
            `${r.records} source records, ${r.customers} customers: no record, decision or setting changed since the last run (orders, events and consents were given their customers; --force resolves anyway)\n`,
          );
          return;
        }
        const rules = Object.entries(r.stats.linksByRule).map(([rule, n]) => [rule, n]);
        process.stdout.write(
          [
            `${r.records} source records -> ${r.customers} customers (${r.newRecords} new records, ${r.changedRecords} changed, ${r.removedRecords} removed)`,
            r.resolved < r.records
              ? `incremental: resolved ${r.resolved} records (the new, changed and removed ones and those they can join); the rest keep their customers (--force resolves everything)`
              : `resolved all ${r.records} records`,
            `changes: ${
              Object.entries(r.changes)
                .filter(([, n]) => n > 0)
                .map(([a, n]) => `${n} ${a}`)
                .join(', ') || 'none'
            }`,
            textTable(['rule', 'links'], rules),
            `refused links: ${r.stats.refused.national_id_conflict} resident-ID conflicts, ${r.stats.refused.cannot_link} cannot-link decisions; ${r.stats.contactsOverLimit} phones/emails over the per-contact limit; ${r.stats.attach.ambiguous} nameless records left alone (their phone or email belongs to several customers)`,
            `largest customer: ${r.stats.largestCustomer} records${r.stats.oversized ? `; ${r.stats.oversized} customers above the size alarm` : ''}`,
            ...(r.probabilistic
              ? [
                  `probabilistic: ${r.probabilistic.candidatePairs} candidate pairs, ${r.probabilistic.autoLinks} above the auto-merge threshold, ${r.probabilistic.queuedForReview} queued for review (cdp identity review list)${r.probabilistic.training ? `; model trained by EM in ${r.probabilistic.training.iterations} iterations${r.probabilistic.training.converged ? '' : ' (not converged)'}` : '; stored model reused'}`,
                ]
              : []),
          ].join('\n') + '\n',
        );
      }),
    );

  identity
    .command('eval')
    .description('pairwise precision, recall and F1 of the current customers against a ground truth CSV')
    .option(
      '--truth <csv>',
      "ground truth: the generator's ground_truth.csv, or a CSV with columns source, source_key, truth_id",
    )
    .option(
      '--truth-attribute <name>',
      "the truth is this attribute of each source record (Splink's cluster)",
    )
    .option(
      '--truth-key-pattern <regex>',
      "the truth is the first capture group of this pattern on each source key (FEBRL: 'rec-(\\d+)-')",
    )
    .option('--json', 'print the report as JSON')
    .action(
      run(
        async (
          ctx: CommandContext,
          options: { truth?: string; truthAttribute?: string; truthKeyPattern?: string; json?: boolean },
        ) => {
          const given = [options.truth, options.truthAttribute, options.truthKeyPattern].filter(
            (v) => v !== undefined,
          );
          if (given.length !== 1) {
            throw new UsageError(
              'give exactly one of --truth <csv>, --truth-attribute <name>, --truth-key-pattern <regex>',
            );
          }
          const { warehouse } = await ctx.warehouse();
          const e = await evaluateIdentity(
            warehouse,
            options.truth !== undefined
              ? { csv: options.truth }
              : options.truthAttribute !== undefined
                ? { attribute: options.truthAttribute }
                : { keyPattern: options.truthKeyPattern! },
          );
          if (options.json) {
            process.stdout.write(JSON.stringify(e, null, 2) + '\n');
            return;
          }
          process.stdout.write(
            [
              `records compared: ${e.records} (${e.truthRecordsMissing} truth records not in the warehouse)`,
              `precision ${pct(e.precision)}  recall ${pct(e.recall)}  F1 ${pct(e.f1)}`,
              ...(e.personal
                ? [
                    `without the ${e.records - e.personal.records} records that name an account but no person: precision ${pct(e.personal.precision)}  recall ${pct(e.personal.recall)}  F1 ${pct(e.personal.f1)}`,
                  ]
                : []),
              `pairs: ${e.truePositivePairs} true positive of ${e.predictedPairs} predicted, ${e.truePairs} true`,
              `customers: ${e.predictedCustomers} predicted, ${e.truePersons} true persons, ${e.exactCustomers} exactly right`,
              ...(e.worstMerges.length
                ? [
                    'customers mixing the most persons:',
                    textTable(
                      ['customer', 'persons', 'records'],
                      e.worstMerges.map((w) => [w.customerId, w.persons, w.records]),
                    ),
                  ]
                : []),
            ].join('\n') + '\n',
          );
        },
      ),
    );

  identity
    .command('export')
    .description('write source, source record key, customer ID, rule and match confidence per record')
    .requiredOption('--out <file>', "output file, or '-' for stdout")
    .addOption(new Option('--format <format>', 'output format').choices(['csv', 'ndjson']).default('csv'))
    .action(
      run(async (ctx: CommandContext, options: { out: string; format: 'csv' | 'ndjson' }) => {
        const { warehouse } = await ctx.warehouse();
        const result = await warehouse.query(sql`
          SELECT source, source_key, customer_id, match_rule, match_confidence
          FROM identity.records ORDER BY source, source_key`);
        const text = options.format === 'csv' ? renderCsv(result) : renderNdjson(result);
        if (options.out === '-') {
          process.stdout.write(text);
          return;
        }
        writeFileSync(options.out, text);
        ctx.log.info(`wrote ${result.rows.length} records to ${options.out}`);
      }),
    );

  const review = identity
    .command('review')
    .description('the review queue: uncertain pairs a person decides; decisions hold in every later run');
  review
    .command('list')
    .description('list queued pairs with their evidence, most probable first')
    .addOption(
      new Option('--status <status>', 'which rows')
        .choices(['pending', 'approved', 'rejected', 'all'])
        .default('pending'),
    )
    .option('--limit <n>', 'at most this many pairs', (v) => Number.parseInt(v, 10), 20)
    .option('--json', 'print JSON with the full evidence')
    .action(
      run(
        async (
          ctx: CommandContext,
          options: { status: 'pending' | 'approved' | 'rejected' | 'all'; limit: number; json?: boolean },
        ) => {
          const { warehouse } = await ctx.warehouse();
          const rows = await listReview(warehouse, options.status, options.limit);
          if (options.json) {
            process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
            return;
          }
          if (rows.length === 0) {
            process.stdout.write(
              `no ${options.status === 'all' ? '' : options.status + ' '}pairs in the review queue\n`,
            );
            return;
          }
          const lines: string[] = [];
          for (const r of rows) {
            lines.push(
              `${r.source_a}/${r.source_key_a}  ${r.source_b}/${r.source_key_b}  p=${Number(r.match_probability).toFixed(3)}  ${r.status}`,
            );
            const evidence = (Array.isArray(r.evidence) ? r.evidence : []) as {
              comparison: string;
              level: string;
              weight: number;
              a: string | null;
              b: string | null;
            }[];
            for (const e of evidence) {
              lines.push(
                `    ${e.comparison.padEnd(10)} ${e.level.padEnd(14)} ${e.weight >= 0 ? '+' : ''}${e.weight.toFixed(2)}  ${e.a ?? '-'} | ${e.b ?? '-'}`,
              );
            }
          }
          lines.push('', 'decide with: cdp identity review approve|reject <record> <record> [--note "..."]');
          process.stdout.write(lines.join('\n') + '\n');
        },
      ),
    );
  for (const [verb, decision, effect] of [
    ['approve', 'approved', 'the two records will always be one customer'],
    ['reject', 'rejected', 'the two records will never be one customer'],
  ] as const) {
    review
      .command(verb)
      .description(`${verb} a queued pair: ${effect} (from the next cdp identity run on)`)
      .argument('<record-a>', 'source/source_key as cdp identity review list prints it')
      .argument('<record-b>', 'the other record')
      .option('--by <name>', 'who decides (default: the OS user)')
      .option('--note <text>', 'why')
      .action(
        run(async (ctx: CommandContext, a: string, b: string, options: { by?: string; note?: string }) => {
          const { warehouse } = await ctx.warehouse();
          await decideReview(
            warehouse,
            parseRecordRef(a),
            parseRecordRef(b),
            decision,
            options.by ?? userInfo().username,
            options.note ?? null,
          );
          process.stdout.write(`${decision}: ${a} ${b}; run cdp identity run to apply it\n`);
        }),
      );
  }

  identity
    .command('unmerge')
    .description(
      'undo the latest merge into a customer: the merged customer gets its ID and records back, and the merge does not return',
    )
    .argument('<customer-id>', 'the surviving customer of the merge')
    .option('--merged <customer-id>', 'which merged customer to bring back (default: the latest merge)')
    .option('--by <name>', 'who asks (default: the OS user)')
    .action(
      run(async (ctx: CommandContext, customerId: string, options: { merged?: string; by?: string }) => {
        const { warehouse } = await ctx.warehouse();
        const { plan, run: r } = await unmergeCustomer(
          warehouse,
          ctx.loaded,
          ctx.log,
          customerId,
          options.merged ?? null,
          options.by ?? userInfo().username,
        );
        process.stdout.write(
          `${plan.restored} separated from ${plan.survivor} again (${plan.records.size} records); ${r.customers} customers now\n`,
        );
      }),
    );

  identity
    .command('split')
    .description('take records out of a customer: they get a new customer ID and never rejoin it')
    .argument('<customer-id>', 'the customer to split')
    .argument('<records...>', 'source/source_key of each record to take out (see cdp identity export)')
    .option('--by <name>', 'who asks (default: the OS user)')
    .action(
      run(async (ctx: CommandContext, customerId: string, records: string[], options: { by?: string }) => {
        const { warehouse } = await ctx.warehouse();
        const r = await splitCustomer(
          warehouse,
          ctx.loaded,
          ctx.log,
          customerId,
          records.map(parseRecordRef),
          options.by ?? userInfo().username,
        );
        process.stdout.write(
          `${r.split} records split from ${customerId} (${r.stay} stay); ${r.run.customers} customers now\n`,
        );
      }),
    );
}
