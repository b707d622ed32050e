#!/usr/bin/env node
// The cdp command. cdp is TypeScript run through tsx (no build step), and jobs.config.ts is
// TypeScript too, so the loader is registered before anything else is imported.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/index.ts');
process.exitCode = await main(process.argv);
