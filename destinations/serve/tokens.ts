import { createHash, timingSafeEqual } from 'node:crypto';
import type { DestinationConfig, Destinations, PullDestination } from '../config.ts';
import { PullTokenError } from './errors.ts';

/** The pull destinations of a config, by name. */
export function pullDestinations(destinations: Destinations): Map<string, PullDestination> {
  const out = new Map<string, PullDestination>();
  for (const [name, d] of Object.entries(destinations) as [string, DestinationConfig][]) {
    if (d.type === 'pull') out.set(name, d);
  }
  return out;
}

/**
 * Each pull destination's token, read from the environment variable its `tokenEnv` names, once at
 * start. A missing or empty variable, or one token shared by two destinations (which would make
 * the token's segments ambiguous), is refused with the fix in the message.
 */
export function pullTokens(
  destinations: Destinations,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Record<string, string> {
  const out: Record<string, string> = {};
  const owner = new Map<string, string>();
  for (const [name, d] of pullDestinations(destinations)) {
    const token = env[d.tokenEnv]?.trim() ?? '';
    if (token === '') {
      throw new PullTokenError(
        `destination "${name}": environment variable ${d.tokenEnv} is not set; set it to the bearer token the receiver will send (e.g. export ${d.tokenEnv}=$(openssl rand -hex 32))`,
        name,
        d.tokenEnv,
      );
    }
    const other = owner.get(token);
    if (other !== undefined) {
      throw new PullTokenError(
        `destinations "${other}" and "${name}" have the same token; give each pull destination its own`,
        name,
        d.tokenEnv,
      );
    }
    owner.set(token, name);
    out[name] = token;
  }
  return out;
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** Finds the destination whose token the request bears; every token is compared, in constant time each. */
export function tokenMatcher(
  tokens: Readonly<Record<string, string>>,
): (header: string | undefined) => string | null {
  const known = Object.entries(tokens).map(([name, t]) => ({ name, hash: digest(t) }));
  return (header) => {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    if (!m) return null;
    const hash = digest(m[1]!);
    let found: string | null = null;
    for (const k of known) if (timingSafeEqual(k.hash, hash)) found = k.name;
    return found;
  };
}
