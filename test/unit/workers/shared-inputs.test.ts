import { describe, expect, it } from 'vitest';
import type { CloseMatrix } from '../../../src/main/core/market/series';
import type { CloseMatrixRef } from '../../../src/main/jobs/named-inputs';
import { SharedInputCache, toSharedCloseMatrix } from '../../../src/main/workers/shared-inputs';

function matrix(version: number): CloseMatrix {
  return { symbols: ['KO', 'PEP'], days: Int32Array.from([10, 11, 12]), closes: Float64Array.from([1, 2, 3, 4, 5, 6].map((value) => value * version)) };
}

describe('shared inputs', () => {
  it('copy a close matrix into one SharedArrayBuffer, closes aligned first, days after', () => {
    const shared = toSharedCloseMatrix(matrix(1));
    expect(shared.closes.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(shared.days.buffer).toBe(shared.closes.buffer);
    expect(shared.closes.byteOffset).toBe(0);
    expect([...shared.closes]).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...shared.days]).toEqual([10, 11, 12]);
    expect(toSharedCloseMatrix(shared)).toBe(shared);
    expect(() => toSharedCloseMatrix({ ...matrix(1), closes: new Float64Array(5) })).toThrow(/needs 6 closes, not 5/);
  });

  it('load each reference once, replace it on a new data version, and retry a failed load', async () => {
    const cache = new SharedInputCache();
    const ref: CloseMatrixRef = { key: 'pairs:KO,PEP', dataVersion: 1 };
    await expect(cache.resolve({ closeMatrix: ref })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    const loads: number[] = [];
    let failNext = true;
    cache.provide('closeMatrix', (wanted) => {
      loads.push(wanted.dataVersion);
      if (failNext) {
        failNext = false;
        throw new Error('store busy');
      }
      return matrix(wanted.dataVersion);
    });
    expect(() => cache.provide('closeMatrix', () => matrix(1))).toThrow(/already has a source/);
    await expect(cache.resolve({ closeMatrix: ref })).rejects.toThrow('store busy');
    const first = (await cache.resolve({ closeMatrix: ref }))['closeMatrix'] as CloseMatrix;
    const again = (await cache.resolve({ closeMatrix: ref }))['closeMatrix'] as CloseMatrix;
    expect(again).toBe(first);
    const next = (await cache.resolve({ closeMatrix: { ...ref, dataVersion: 2 } }))['closeMatrix'] as CloseMatrix;
    expect([...next.closes]).toEqual([2, 4, 6, 8, 10, 12]);
    expect(loads).toEqual([1, 1, 2]);
    expect(cache.size).toBe(1);
  });
});
