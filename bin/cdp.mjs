#!/usr/bin/env node
// The cdp command. cdp is TypeScript run through tsx (no build step), and jobs.config.ts is
// TypeScript too, so the loader is registered before anything else is imported.
import { spawn } from 'node:child_process';
import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';

// Node caps the JS heap at about 4 GB whatever the machine has; identity resolution over 1.6M
// records then spends most of its time in garbage collection near the cap (clustering 55 s
// instead of 18 s). So, unless the user chose a heap size, cdp restarts itself once with a cap of
// 60% of the machine's memory.
const wanted = Math.floor((totalmem() * 0.6) / 2 ** 20);
const chosen = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) =>
  a.includes('max-old-space-size'),
);
if (
  !chosen &&
  !process.env.CDP_NO_HEAP_RESTART &&
  getHeapStatistics().heap_size_limit / 2 ** 20 < wanted * 0.9
) {
  const child = spawn(
    process.execPath,
    [...process.execArgv, `--max-old-space-size=${wanted}`, ...process.argv.slice(1)],
    { stdio: 'inherit', env: { ...process.env, CDP_NO_HEAP_RESTART: '1' } },
  );
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else process.exit(code ?? 1);
  });
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../cli/index.ts');
  process.exitCode = await main(process.argv);
}
