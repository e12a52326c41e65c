import { describe, expect, it } from 'vitest';
import { TtlCache } from '../../../../src/main/data/service/ttl-cache';
import { isAppError } from '../../../../src/shared/ipc/errors';

function fakeClock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('TtlCache', () => {
  it('serves a fresh entry and counts hits and misses', () => {
    const clock = fakeClock();
    const cache = new TtlCache<string, number>({ maxEntries: 10, ttlMs: 1000, now: clock.now });
    expect(cache.get('a')).toBeUndefined();
    cache.set('a', 1);
    expect(cache.get('a')).toBe(1);
    expect(cache.get('a')).toBe(1);
    expect(cache.metrics()).toEqual({ hits: 2, misses: 1, evictions: 0, expirations: 0, size: 1 });
  });

  it('expires an entry exactly when its TTL has passed', () => {
    const clock = fakeClock();
    const cache = new TtlCache<string, number>({ maxEntries: 10, ttlMs: 1000, now: clock.now });
    cache.set('a', 1);
    clock.advance(999);
    expect(cache.get('a')).toBe(1);
    clock.advance(1);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.metrics()).toEqual({ hits: 1, misses: 1, evictions: 0, expirations: 1, size: 0 });
  });

  it('counts the TTL from the last set, not from the last read', () => {
    const clock = fakeClock();
    const cache = new TtlCache<string, number>({ maxEntries: 10, ttlMs: 1000, now: clock.now });
    cache.set('a', 1);
    clock.advance(600);
    expect(cache.get('a')).toBe(1);
    clock.advance(600);
    expect(cache.get('a')).toBeUndefined();
    cache.set('a', 2);
    clock.advance(600);
    expect(cache.get('a')).toBe(2);
  });

  it('evicts the least recently used entry beyond maxEntries', () => {
    const clock = fakeClock();
    const cache = new TtlCache<string, string>({ maxEntries: 2, ttlMs: 10_000, now: clock.now });
    cache.set('a', 'A');
    cache.set('b', 'B');
    expect(cache.get('a')).toBe('A'); // b is now the least recently used
    cache.set('c', 'C');
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe('A');
    expect(cache.get('c')).toBe('C');
    expect(cache.metrics()).toMatchObject({ evictions: 1, size: 2 });
  });

  it('counts an already-expired entry pushed out by pressure as an expiration', () => {
    const clock = fakeClock();
    const cache = new TtlCache<string, number>({ maxEntries: 1, ttlMs: 100, now: clock.now });
    cache.set('a', 1);
    clock.advance(100);
    cache.set('b', 2);
    expect(cache.metrics()).toMatchObject({ evictions: 0, expirations: 1, size: 1 });
  });

  it('sweeps expired entries before reporting size', () => {
    const clock = fakeClock();
    const cache = new TtlCache<string, number>({ maxEntries: 10, ttlMs: 100, now: clock.now });
    cache.set('a', 1);
    clock.advance(50);
    cache.set('b', 2);
    clock.advance(50);
    expect(cache.metrics()).toMatchObject({ size: 1, expirations: 1 });
  });

  it('invalidates one key or every key matching a predicate, without counting evictions', () => {
    const clock = fakeClock();
    const cache = new TtlCache<string, number>({ maxEntries: 10, ttlMs: 1000, now: clock.now });
    for (const key of ['bars|KO', 'bars|PEP', 'closes|KO', 'closes|PEP']) cache.set(key, 1);
    expect(cache.invalidate('bars|KO')).toBe(1);
    expect(cache.invalidate('bars|KO')).toBe(0);
    expect(cache.invalidate((key) => key.endsWith('|PEP'))).toBe(2);
    expect(cache.get('closes|KO')).toBe(1);
    expect(cache.metrics()).toMatchObject({ size: 1, evictions: 0, expirations: 0 });
    cache.clear();
    expect(cache.metrics().size).toBe(0);
  });

  it('getOrLoad loads once and then serves from the cache until expiry', () => {
    const clock = fakeClock();
    const cache = new TtlCache<number, string>({ maxEntries: 10, ttlMs: 1000, now: clock.now });
    let loads = 0;
    const load = (): string => `v${++loads}`;
    expect(cache.getOrLoad(1, load)).toBe('v1');
    expect(cache.getOrLoad(1, load)).toBe('v1');
    clock.advance(1000);
    expect(cache.getOrLoad(1, load)).toBe('v2');
    expect(loads).toBe(2);
  });

  it('caches nothing when the TTL is zero', () => {
    const clock = fakeClock();
    const cache = new TtlCache<string, number>({ maxEntries: 10, ttlMs: 0, now: clock.now });
    cache.set('a', 1);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.metrics()).toMatchObject({ size: 0, misses: 1 });
  });

  it('refuses a non-positive maxEntries or a negative TTL', () => {
    const now = (): number => 0;
    for (const options of [
      { maxEntries: 0, ttlMs: 1, now },
      { maxEntries: 1.5, ttlMs: 1, now },
      { maxEntries: 1, ttlMs: -1, now },
    ]) {
      let thrown: unknown;
      try {
        new TtlCache(options);
      } catch (error) {
        thrown = error;
      }
      expect(isAppError(thrown) && thrown.code === 'BAD_REQUEST').toBe(true);
    }
  });
});
