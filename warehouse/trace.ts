// CDP_TRACE_SQL=1 prints every statement (a DuckDB script: every script) on stderr with its
// duration, the wall time since the process started and the process's CPU time so far (user +
// system), to find slow statements: differences between lines give a phase's CPU, steadier than
// wall time on a shared machine, and a gap between one line's `at` and the next one's, less its
// duration, is time Node spent between them. CDP_TRACE_SQL=full prints each statement whole.

/** Whether statements are traced (CDP_TRACE_SQL). */
export const TRACE_SQL = process.env.CDP_TRACE_SQL === '1' || process.env.CDP_TRACE_SQL === 'full';
const TRACE_CHARS = process.env.CDP_TRACE_SQL === 'full' ? Infinity : 160;

/** Prints a statement that started at `t0` (performance.now()) and has just finished. */
export function traceSql(text: string, t0: number): void {
  const { user, system } = process.cpuUsage();
  const now = performance.now();
  process.stderr.write(
    `[sql ${(now - t0).toFixed(1)} ms, at ${(now / 1000).toFixed(2)} s, cpu ${((user + system) / 1e6).toFixed(2)} s] ${text.replace(/\s+/g, ' ').slice(0, TRACE_CHARS)}\n`,
  );
}
