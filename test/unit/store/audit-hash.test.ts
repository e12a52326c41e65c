import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AUDIT_GENESIS_HASH, canonicalJson, computeAuditHash } from '../../../src/main/store/repos/audit.repo';

/** Rebuilds an object with its keys inserted in reverse order, recursively. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  // fromEntries, not assignment: fast-check generates "__proto__" keys, which must stay data.
  return Object.fromEntries(Object.keys(value).reverse().map((key) => [key, reverseKeys((value as Record<string, unknown>)[key])]));
}

const baseRecord = {
  id: 7,
  at: 1_700_000_000_000,
  actor: 'user',
  action: 'trading.halt',
  subject: null,
  details: '{"reason":"news"}',
  correlation_id: null,
  prev_hash: AUDIT_GENESIS_HASH,
};

describe('canonicalJson', () => {
  it('does not depend on key insertion order and round-trips the value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(reverseKeys(value))).toBe(canonicalJson(value));
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 500 },
    );
  });
});

describe('computeAuditHash', () => {
  it('is a stable SHA-256 hex digest', () => {
    expect(computeAuditHash(baseRecord)).toMatch(/^[0-9a-f]{64}$/);
    expect(computeAuditHash({ ...baseRecord })).toBe(computeAuditHash(baseRecord));
  });

  it('changes when any hashed column changes', () => {
    const original = computeAuditHash(baseRecord);
    const variants = [
      { id: 8 },
      { at: baseRecord.at + 1 },
      { actor: 'system' },
      { action: 'trading.resume' },
      { subject: 'all' },
      { details: '{"reason":"News"}' },
      { correlation_id: 'req-1' },
      { prev_hash: 'f'.repeat(64) },
    ];
    for (const change of variants) expect(computeAuditHash({ ...baseRecord, ...change })).not.toBe(original);
  });

  it('does not confuse a null subject with the text "null"', () => {
    expect(computeAuditHash({ ...baseRecord, subject: 'null' })).not.toBe(computeAuditHash(baseRecord));
  });
});

describe('canonicalJson edge cases', () => {
  it('keeps a "__proto__" key as data', () => {
    const value = JSON.parse('{"b":1,"__proto__":{"x":1}}') as unknown;
    expect(canonicalJson(value)).toBe('{"__proto__":{"x":1},"b":1}');
  });
});
