import { describe, expect, it } from 'vitest';
import { DestinationsSchema } from '../index.ts';
import { PullTokenError } from './errors.ts';
import { pullTokens, tokenMatcher } from './tokens.ts';

const pull = (tokenEnv: string) => ({
  type: 'pull',
  segments: ['vip'],
  tokenEnv,
  purpose: 'marketing',
  channel: 'sms',
});

describe('pull tokens', () => {
  it('reads each token from its environment variable and refuses a missing or shared one', () => {
    const d = DestinationsSchema.parse({ a: pull('A_TOKEN'), b: pull('B_TOKEN') });
    expect(pullTokens(d, { A_TOKEN: 'x', B_TOKEN: 'y' })).toEqual({ a: 'x', b: 'y' });
    expect(() => pullTokens(d, { A_TOKEN: 'x' })).toThrow(PullTokenError);
    expect(() => pullTokens(d, { A_TOKEN: 'x' })).toThrowErrorMatchingInlineSnapshot(
      `[PullTokenError: destination "b": environment variable B_TOKEN is not set; set it to the bearer token the receiver will send (e.g. export B_TOKEN=$(openssl rand -hex 32))]`,
    );
    expect(() => pullTokens(d, { A_TOKEN: 'x', B_TOKEN: 'x' })).toThrow(/same token/);
  });

  it('matches a bearer header to its destination only', () => {
    const match = tokenMatcher({ a: 'x', b: 'y' });
    expect([match('Bearer y'), match('bearer x'), match('Bearer z'), match('x'), match(undefined)]).toEqual([
      'b',
      'a',
      null,
      null,
      null,
    ]);
  });

  it('refuses a frequency cap or a token in place of an environment variable name', () => {
    expect(
      DestinationsSchema.safeParse({ a: { ...pull('A'), frequencyCap: { max: 1, perDays: 7 } } }).success,
    ).toBe(false);
    expect(DestinationsSchema.safeParse({ a: pull('s3cr3t-token!') }).success).toBe(false);
  });
});
