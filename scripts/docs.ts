// `npm run docs`: regenerates docs/warehouse.md from the migrations (the contract's source).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS, currentContract, renderContractMarkdown } from '../warehouse/index.ts';

const file = join(import.meta.dirname, '..', 'docs', 'warehouse.md');
writeFileSync(file, renderContractMarkdown(currentContract(), MIGRATIONS.at(-1)?.version ?? 0));
process.stdout.write(`wrote ${file}\n`);
