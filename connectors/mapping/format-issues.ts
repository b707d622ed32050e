import type { z } from 'zod';

/** One line per issue: the path, what is expected and the value found (mappings and jobs.config.ts alike). */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const path = issue.path.length ? issue.path.map(String).join('.') : '(top level)';
      if (issue.code === 'unrecognized_keys') {
        return `  ${path}: unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}: remove or fix the spelling`;
      }
      const found = 'input' in issue && issue.input !== undefined ? `; found ${show(issue.input)}` : '';
      return `  ${path}: ${issue.message}${found}`;
    })
    .join('\n');
}

function show(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
