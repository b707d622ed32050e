import { constants } from 'node:os';
import { ShutdownRequestedError } from './errors.ts';

/** A request to stop, as the runner sees it. */
export interface Shutdown {
  /** Aborted at the first signal, with a ShutdownRequestedError as its reason. */
  readonly signal: AbortSignal;
  /** The signal received, or null while none was. */
  readonly received: NodeJS.Signals | null;
  /** The exit code a shell would give the signal (130 for SIGINT, 143 for SIGTERM), or 0. */
  exitCode(): number;
  /** Removes the handlers, giving the signals their default effect back. */
  dispose(): void;
}

export interface ShutdownOptions {
  /** Default: SIGTERM and SIGINT. */
  readonly signals?: readonly NodeJS.Signals[];
  /** Called at each signal (count 1, 2, ...): the place to log "finishing the current step". */
  readonly onSignal?: (signal: NodeJS.Signals, count: number) => void;
  /** How a second signal ends the process at once (default: process.exit). */
  readonly exit?: (code: number) => void;
}

/**
 * Turns SIGTERM and SIGINT into an abort signal: the runner finishes or rolls back the step it is
 * in, starts no other, and exits. A second signal exits at once, for an operator who will not wait
 * (the open transaction dies with the process, so nothing half-written stays either way).
 */
export function handleShutdown(opts: ShutdownOptions = {}): Shutdown {
  const controller = new AbortController();
  const signals = opts.signals ?? ['SIGTERM', 'SIGINT'];
  let received: NodeJS.Signals | null = null;
  let count = 0;
  const handler = (signal: NodeJS.Signals): void => {
    count++;
    opts.onSignal?.(signal, count);
    if (count === 1) {
      received = signal;
      controller.abort(new ShutdownRequestedError(signal));
      return;
    }
    (opts.exit ?? process.exit)(exitCodeOf(signal));
  };
  for (const s of signals) process.on(s, handler);
  return {
    signal: controller.signal,
    get received() {
      return received;
    },
    exitCode: () => (received === null ? 0 : exitCodeOf(received)),
    dispose() {
      for (const s of signals) process.off(s, handler);
    },
  };
}

function exitCodeOf(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}
