import { describe, expect, it } from 'vitest';
import { minimumSecretLength, redactPaths, registerSecret, scrubLogLine, scrubText } from '../../../src/main/logging/redact';

const line = (value: unknown): string => `${JSON.stringify(value)}\n`;

describe('scrubLogLine', () => {
  it('replaces registered secrets in raw, JSON-escaped and URL-encoded form', () => {
    const secret = 'p@ss"w\\ord/with spaces';
    registerSecret(secret);
    const scrubbed = scrubLogLine(line({ msg: `got ${secret}`, url: `https://x/?code=${encodeURIComponent(secret)}` }));
    expect(scrubbed).not.toContain(JSON.stringify(secret).slice(1, -1));
    expect(scrubbed).not.toContain(encodeURIComponent(secret));
    expect(JSON.parse(scrubbed)).toEqual({ msg: 'got [REDACTED]', url: 'https://x/?code=[REDACTED]' });
  });

  it('replaces the longer of two overlapping secrets whole', () => {
    registerSecret('abcd-overlap');
    registerSecret('abcd-overlap-and-more');
    expect(scrubText('x abcd-overlap-and-more y')).toBe('x [REDACTED] y');
  });

  it('ignores values too short to be secrets', () => {
    registerSecret('ab');
    expect(minimumSecretLength).toBeGreaterThan(2);
    expect(scrubText('ab cd')).toBe('ab cd');
  });

  it('censors string and number values of secret-named keys at any depth', () => {
    const scrubbed = JSON.parse(
      scrubLogLine(line({ a: { b: { c: { d: { clientSecret: 'x1', pin_password: 1234, sessionToken: 'q\\"z', maxTokens: 5, tokenizer: 'bpe' } } } } })),
    );
    expect(scrubbed.a.b.c.d).toEqual({
      clientSecret: '[REDACTED]',
      pin_password: '[REDACTED]',
      sessionToken: '[REDACTED]',
      maxTokens: 5,
      tokenizer: 'bpe',
    });
  });

  it('masks bearer and basic credentials in text', () => {
    expect(scrubText('Authorization: Bearer eyJhbGciOi.J9.abc-_+/= done')).toBe('Authorization: Bearer [REDACTED] done');
    expect(scrubText('Basic dXNlcjpwYXNz')).toBe('Basic [REDACTED]');
  });

  it('keeps the last four digits of account numbers, keyed or in free text', () => {
    expect(JSON.parse(scrubLogLine(line({ account: 12345678, acct_no: '000011112222', accountValue: 99999999, accountNumber: '12ab5678' })))).toEqual({
      account: '****5678',
      acct_no: '****2222',
      accountValue: 99999999,
      accountNumber: '12ab5678',
    });
    expect(scrubText('Account #12345678, acct no. 87654321 and account number: 1111222233334444')).toBe(
      'Account #****5678, acct no. ****4321 and account number: ****4444',
    );
    expect(scrubText('order 12345678 filled at 1795576892118')).toBe('order 12345678 filled at 1795576892118');
    expect(scrubText('account 1234')).toBe('account 1234');
  });
});

describe('redactPaths', () => {
  it('covers each sensitive key at the top level and two levels down, in pino path syntax', () => {
    expect(redactPaths).toEqual(expect.arrayContaining(['password', '*.password', '*.*.password', '["set-cookie"]', '*["set-cookie"]', '*.*["set-cookie"]']));
  });
});
