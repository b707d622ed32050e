import { isAbsolute, resolve } from 'node:path';
import type { Command } from 'commander';
import {
  checkDestinationSegments,
  createPullApi,
  handleShutdown,
  pullDestinations,
  pullTokens,
  PullTokenError,
} from '../../pipelines/index.ts';
import type { CommandContext, Run } from '../context.ts';
import { CommandFailed, EXIT, UsageError } from '../errors.ts';

function parsePort(value: string): number {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n > 65_535) throw new UsageError(`--port "${value}" is not a port (0-65535)`);
  return n;
}

/** `cdp serve`: the pull API for pull destinations, in the foreground until SIGTERM or Ctrl-C. */
export function registerServe(program: Command, run: Run): void {
  program
    .command('serve')
    .description(
      'serve the pull API (GET /v1/segments, /v1/segments/<name>/members) to pull destinations until SIGTERM or Ctrl-C',
    )
    .option('--port <port>', 'TCP port (0: any free port)', '8787')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(
      run(async (ctx: CommandContext, options: { port: string; host: string }) => {
        const port = parsePort(options.port);
        const file = ctx.loaded.file ?? 'jobs.config.ts';
        const configured = ctx.loaded.config.destinations;
        const pulls = pullDestinations(configured);
        if (pulls.size === 0) {
          throw new CommandFailed(
            `no destination in ${file} has type 'pull': add one, e.g. destinations: { crm: { type: 'pull', segments: ['vip'], tokenEnv: 'CDP_CRM_TOKEN', purpose: 'marketing', channel: 'sms' } }`,
            EXIT.config,
          );
        }
        // A pull destination still naming a removed segment would serve a stale audience.
        checkDestinationSegments(ctx.loaded, [...pulls.keys()]);
        let tokens: Record<string, string>;
        try {
          tokens = pullTokens(configured);
        } catch (err) {
          if (err instanceof PullTokenError) throw new CommandFailed(err.message, EXIT.config);
          throw err;
        }
        // Suppression files are relative to the config file, as for the export jobs.
        const at = (p: string) => (isAbsolute(p) ? p : resolve(ctx.loaded.baseDir, p));
        const destinations = Object.fromEntries(
          Object.entries(configured).map(([name, d]) => [
            name,
            {
              ...d,
              suppressionLists: d.suppressionLists.map((s) => ('file' in s ? { ...s, file: at(s.file) } : s)),
            },
          ]),
        );
        const { warehouse } = await ctx.warehouse();
        const api = createPullApi({
          wh: warehouse,
          destinations,
          tokens,
          onRequest: (r) =>
            ctx.log.info(`${r.method} ${r.path} ${r.status}`, {
              destination: r.destination,
              ms: r.ms,
              ...(r.served === undefined ? {} : { served: r.served }),
            }),
          onError: (err) =>
            ctx.log.error(`request failed: ${err instanceof Error ? err.message : String(err)}`),
        });
        const shutdown = handleShutdown({
          onSignal: (s, n) => ctx.log.warn(n === 1 ? `${s}: closing the server` : `${s}: exiting now`),
        });
        try {
          const server = await api.serve({ port, host: options.host });
          ctx.log.info(
            `serving the pull API on ${server.url} (${[...pulls].map(([n, d]) => `${n}: ${d.segments.join(', ')}`).join('; ')}); OpenAPI at ${server.url}/v1/openapi.json`,
          );
          await new Promise<void>((done) =>
            shutdown.signal.addEventListener('abort', () => done(), { once: true }),
          );
          await server.close();
        } finally {
          shutdown.dispose();
        }
        throw new CommandFailed(`stopped by ${shutdown.received}`, shutdown.exitCode());
      }),
    );
}
