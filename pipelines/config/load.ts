import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { formatZodIssues } from '../../connectors/index.ts';
import { ConfigError } from './errors.ts';
import { CdpConfigSchema, DEFAULT_CONFIG, type CdpConfig } from './schema.ts';

/** A loaded config and where it came from; relative paths in it resolve against `baseDir`. */
export interface LoadedConfig {
  readonly config: CdpConfig;
  readonly file: string | null;
  readonly baseDir: string;
}

export const DEFAULT_CONFIG_FILE = 'jobs.config.ts';

/**
 * Loads and validates a config file. With no explicit file, uses ./jobs.config.ts when present
 * and the defaults otherwise. An explicit file that is missing is an error.
 */
export async function loadConfig(explicit: string | undefined, cwd = process.cwd()): Promise<LoadedConfig> {
  const file = resolve(cwd, explicit ?? DEFAULT_CONFIG_FILE);
  if (!existsSync(file)) {
    if (explicit) throw new ConfigError(file, `config file not found: ${file}`);
    return { config: DEFAULT_CONFIG, file: null, baseDir: cwd };
  }
  let raw: unknown;
  try {
    // tsImport loads the file as an ES module whatever package.json (or none) sits beside it.
    const mod = (await tsImport(file, import.meta.url)) as { default?: unknown };
    raw = unwrapDefault(mod.default);
  } catch (err) {
    throw new ConfigError(file, `cannot load ${file}: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
  if (raw === undefined) {
    throw new ConfigError(
      file,
      `${file} has no default export: end it with \`export default defineConfig({...})\``,
    );
  }
  return { config: parseConfig(raw, file), file, baseDir: dirname(file) };
}

// Outside a "type": "module" package a .ts file is compiled as CommonJS, and its default export
// arrives wrapped once more as { default: config }.
function unwrapDefault(value: unknown): unknown {
  if (value && typeof value === 'object' && Object.keys(value).length === 1 && 'default' in value) {
    return (value as { default: unknown }).default;
  }
  return value;
}

/** Validates a raw config value; the error names the key path, the value found and what is expected. */
export function parseConfig(raw: unknown, file: string): CdpConfig {
  const parsed = CdpConfigSchema.safeParse(raw, { reportInput: true });
  if (parsed.success) return parsed.data;
  throw new ConfigError(file, `invalid config in ${file}:\n${formatZodIssues(parsed.error.issues)}`);
}
