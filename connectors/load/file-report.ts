import type { CanonicalTable } from '../connector.ts';

/** Reconciliation of one file: read = loaded + quarantined + duplicates. */
export interface FileReport {
  readonly path: string;
  readonly kind: string;
  readonly checksum: string;
  readonly status: 'loaded' | 'skipped' | 'failed';
  readonly encoding: string;
  readonly read: number;
  readonly loaded: number;
  readonly quarantined: number;
  readonly duplicates: number;
  /** Rows written per canonical table (inserted or updated). */
  readonly written: Partial<Record<CanonicalTable, number>>;
  /** Why the file could not be read (status 'failed'); nothing of it was loaded. */
  readonly error?: string;
}

/** A report for a file that loaded nothing, with a status and maybe an error. */
export function emptyReport(
  base: Pick<FileReport, 'path' | 'kind' | 'checksum'>,
  status: FileReport['status'],
  error?: string,
): FileReport {
  return {
    ...base,
    status,
    encoding: '',
    read: 0,
    loaded: 0,
    quarantined: 0,
    duplicates: 0,
    written: {},
    ...(error ? { error } : {}),
  };
}
