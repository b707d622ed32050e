/** The columns of ops.export_log in the order every writer loads them (push syncs and pull pages). */
export const EXPORT_LOG_COLUMNS = [
  { name: 'destination', type: 'text' },
  { name: 'segment', type: 'text' },
  { name: 'sync_id', type: 'text' },
  { name: 'batch', type: 'integer' },
  { name: 'customer_id', type: 'text' },
  { name: 'action', type: 'text' },
  { name: 'channel', type: 'text' },
  { name: 'purpose', type: 'text' },
  { name: 'campaign', type: 'text' },
  { name: 'status', type: 'text' },
  { name: 'detail', type: 'text' },
  { name: 'logged_at', type: 'timestamptz' },
] as const;

/** The same columns as a SQL column list, for INSERT ... SELECT. */
export const EXPORT_LOG_COLUMN_LIST = EXPORT_LOG_COLUMNS.map((c) => c.name).join(', ');
