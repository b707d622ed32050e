import { randomUUID } from 'node:crypto';
import { causeMessage, sql, type Warehouse } from '../warehouse/index.ts';

/** What a job reports when it finishes. */
export interface JobOutcome {
  readonly rowsRead?: number;
  readonly rowsWritten?: number;
  readonly details?: Record<string, unknown>;
  /** Set when the job did part of its work but must count as failed (e.g. one file unreadable). */
  readonly error?: string;
}

/**
 * Runs `fn` as a recorded job: a row in ops.job_runs marked running, then succeeded with its
 * counts or failed with the error (which is re-thrown). The run row is written outside the job's
 * own transaction so a failed run is still recorded.
 */
export async function recordRun<T extends JobOutcome>(
  wh: Warehouse,
  job: string,
  asOf: string | null,
  fn: (runId: string) => Promise<T>,
): Promise<T & { runId: string }> {
  const runId = randomUUID();
  await wh.query(
    sql`INSERT INTO ops.job_runs (run_id, job, as_of, status, started_at) VALUES (${runId}, ${job}, ${asOf}::date, 'running', ${new Date()})`,
  );
  try {
    const outcome = await fn(runId);
    await wh.query(
      sql`UPDATE ops.job_runs SET status = ${outcome.error ? 'failed' : 'succeeded'}, error = ${outcome.error ?? null}, finished_at = ${new Date()}, rows_read = ${outcome.rowsRead ?? null}, rows_written = ${outcome.rowsWritten ?? null}, details = ${outcome.details ? JSON.stringify(outcome.details) : null} WHERE run_id = ${runId}`,
    );
    return { ...outcome, runId };
  } catch (err) {
    await wh.query(
      sql`UPDATE ops.job_runs SET status = 'failed', finished_at = ${new Date()}, error = ${causeMessage(err)} WHERE run_id = ${runId}`,
    );
    throw err;
  }
}
