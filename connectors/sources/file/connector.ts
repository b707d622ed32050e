import type { Connector, FileKind } from '../../connector.ts';
import { globToRegExp } from '../../files/discover.ts';
import type { Mapping } from '../../mapping/index.ts';
import { mappedKind, type MappedFormat } from './mapped-kind.ts';

const EXTENSIONS: Readonly<Record<string, MappedFormat>> = {
  csv: 'csv',
  tsv: 'csv',
  txt: 'csv',
  ndjson: 'ndjson',
  jsonl: 'ndjson',
  parquet: 'parquet',
};

/**
 * The generic connector for CSV, NDJSON and Parquet files described by a mapping. Files are
 * recognised by extension (.csv .tsv .txt, .ndjson .jsonl, each optionally .gz, and .parquet);
 * the mapping's `files` glob narrows them and its `format` overrides how they are read. Its name
 * is the mapping's source.
 */
export function fileConnector(mapping: Mapping): Connector {
  const kinds = new Map<string, FileKind>();
  const named = mapping.files === undefined ? null : globToRegExp(mapping.files);
  const kindFor = (format: MappedFormat, delimiter: string | undefined): FileKind => {
    const id = `${format}|${delimiter ?? ''}`;
    let kind = kinds.get(id);
    if (!kind) {
      const { header, columns } = mapping.csv;
      const csv =
        format === 'csv'
          ? { delimiter: delimiter ?? ',', header, ...(columns ? { columns } : {}) }
          : undefined;
      kind = mappedKind(mapping, format, csv);
      kinds.set(id, kind);
    }
    return kind;
  };
  return {
    name: mapping.source,
    description: `${describeFormat(mapping)} mapped to core.${mapping.target}`,
    classify(path) {
      const file = path.split(/[\\/]/).pop() ?? '';
      if (named && !named.test(file)) return null;
      const m = /\.([a-z0-9]+)(\.gz)?$/i.exec(file);
      const ext = m?.[1]?.toLowerCase() ?? '';
      const byExtension = EXTENSIONS[ext];
      // Parquet compresses inside the file; a gzipped one is not something DuckDB reads.
      if (!m || !byExtension || (m[2] && byExtension === 'parquet')) return null;
      const format = mapping.format ?? byExtension;
      const delimiter = mapping.csv.delimiter ?? (ext === 'tsv' ? '\t' : undefined);
      return kindFor(format, delimiter);
    },
  };
}

function describeFormat(mapping: Mapping): string {
  if (mapping.format === 'parquet') return 'Parquet files';
  if (mapping.format === 'ndjson') return 'NDJSON files (.ndjson, .jsonl)';
  if (mapping.format === 'csv') return 'CSV files (.csv, .tsv, .txt)';
  return 'CSV, NDJSON or Parquet files (.csv .tsv .txt .ndjson .jsonl .parquet)';
}
