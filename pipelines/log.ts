/** Structured fields attached to a log line. */
export type LogFields = Record<string, unknown>;

/** Progress of one long step; `tick` adds done units, `end` closes it. */
export interface Progress {
  tick(units?: number): void;
  end(): void;
}

/** Where jobs report what they do: text on a terminal, JSON lines for schedulers. */
export interface Logger {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  debug(msg: string, fields?: LogFields): void;
  progress(label: string, total: number): Progress;
}

export type LogFormat = 'text' | 'json';

/** Options of the standard logger. */
export interface LoggerOptions {
  readonly format: LogFormat;
  readonly quiet?: boolean;
  readonly verbose?: boolean;
  readonly stream?: NodeJS.WriteStream;
}

/** A logger writing to stderr, so stdout stays free for data (`cdp sql --format csv`). */
export function createLogger(opts: LoggerOptions): Logger {
  const out = opts.stream ?? process.stderr;
  const tty = Boolean(out.isTTY) && opts.format === 'text';
  const write = (level: string, msg: string, fields?: LogFields): void => {
    if (opts.quiet && level !== 'error') return;
    if (level === 'debug' && !opts.verbose) return;
    if (opts.format === 'json') {
      out.write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }) + '\n');
    } else {
      const extra = fields && Object.keys(fields).length ? ` ${formatFields(fields)}` : '';
      out.write(`${level === 'info' ? '' : `${level}: `}${msg}${extra}\n`);
    }
  };
  return {
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    debug: (m, f) => write('debug', m, f),
    progress: (label, total) => {
      if (opts.quiet) return { tick: () => undefined, end: () => undefined };
      return tty ? ttyProgress(out, label, total) : jsonProgress(write, label, total);
    },
  };
}

function formatFields(fields: LogFields): string {
  return Object.entries(fields)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
}

function ttyProgress(out: NodeJS.WriteStream, label: string, total: number): Progress {
  let done = 0;
  let last = 0;
  const started = Date.now();
  const draw = (): void => {
    const pct = total > 0 ? Math.min(1, done / total) : 0;
    const width = 24;
    const bar = '#'.repeat(Math.round(pct * width)).padEnd(width, '.');
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    out.write(`\r${label} [${bar}] ${(pct * 100).toFixed(0).padStart(3)}% ${done}/${total} ${secs}s`);
  };
  return {
    tick(units = 1) {
      done += units;
      if (Date.now() - last > 100) {
        last = Date.now();
        draw();
      }
    },
    end() {
      draw();
      out.write('\n');
    },
  };
}

// Off a terminal, progress is a JSON/text line at most every 5 seconds plus one at the end.
function jsonProgress(
  write: (level: string, msg: string, fields?: LogFields) => void,
  label: string,
  total: number,
): Progress {
  let done = 0;
  let last = Date.now();
  return {
    tick(units = 1) {
      done += units;
      if (Date.now() - last > 5000) {
        last = Date.now();
        write('info', 'progress', { step: label, done, total });
      }
    },
    end() {
      if (done > 0) write('info', 'progress', { step: label, done, total, finished: true });
    },
  };
}
