import { describe, expect, it } from 'vitest';
import { dayBounds, SeriesBuffers } from '../../../../src/main/data/import/series-buffers';
import type { ParsedBar } from '../../../../src/main/data/core/pipeline-types';

function bar(symbol: string, day: number, close: number, line: number): ParsedBar {
  return { symbol, day, open: close, high: close, low: close, close, volume: 100, line };
}

describe('SeriesBuffers', () => {
  it('groups rows by symbol, drains in symbol order and sorts each series by day, stably', () => {
    const buffers = new SeriesBuffers();
    buffers.push(bar('PEP', 3, 30, 2), 0);
    buffers.push(bar('KO', 2, 20, 2), 1);
    buffers.push(bar('PEP', 1, 10, 3), 0);
    buffers.push(bar('PEP', 3, 31, 4), 0);
    expect(buffers.rows).toBe(4);
    const [ko, pep] = buffers.drain();
    expect(ko?.symbol).toBe('KO');
    expect(Array.from(ko?.files ?? [])).toEqual([1]);
    expect(pep?.symbol).toBe('PEP');
    expect(Array.from(pep?.days ?? [])).toEqual([1, 3, 3]);
    // Same-day rows keep file order, so validation sees the earlier line first.
    expect(Array.from(pep?.close ?? [])).toEqual([10, 30, 31]);
    expect(Array.from(pep?.lines ?? [])).toEqual([3, 2, 4]);
    expect(buffers.rows).toBe(0);
    expect(buffers.drain()).toEqual([]);
  });

  it('grows past its initial capacity without losing rows', () => {
    const buffers = new SeriesBuffers();
    for (let i = 0; i < 5000; i += 1) buffers.push(bar('AAPL', i, i + 0.5, i + 2), 0);
    const [aapl] = buffers.drain();
    expect(aapl?.length).toBe(5000);
    expect(aapl?.days.length).toBe(5000);
    expect(aapl?.close[4999]).toBe(4999.5);
    expect(aapl?.lines[0]).toBe(2);
  });

  it('takes a parser batch of several symbols, and later batches and single rows append to it', () => {
    const buffers = new SeriesBuffers();
    buffers.pushBatch([bar('KO', 1, 10, 2), bar('PEP', 1, 50, 3), bar('KO', 2, 11, 4)], 0);
    buffers.pushBatch([bar('KO', 4, 13, 2), bar('KO', 3, 12, 3)], 1);
    buffers.push(bar('PEP', 2, 51, 5), 1);
    expect(buffers.rows).toBe(6);
    const [ko, pep] = buffers.drain();
    expect(Array.from(ko?.days ?? [])).toEqual([1, 2, 3, 4]);
    expect(Array.from(ko?.close ?? [])).toEqual([10, 11, 12, 13]);
    expect(Array.from(ko?.files ?? [])).toEqual([0, 0, 1, 1]);
    expect(Array.from(ko?.lines ?? [])).toEqual([2, 4, 3, 2]);
    expect(ko?.days.length).toBe(4);
    expect(Array.from(pep?.days ?? [])).toEqual([1, 2]);
    expect(Array.from(pep?.files ?? [])).toEqual([0, 1]);
  });

  it('rolls back a batch like single rows, and the columns refill after it', () => {
    const buffers = new SeriesBuffers();
    buffers.pushBatch([bar('KO', 1, 10, 2), bar('KO', 2, 11, 3)], 0);
    const mark = buffers.mark();
    buffers.pushBatch([bar('KO', 3, 99, 2), bar('PEP', 3, 99, 3)], 1);
    buffers.rollback(mark);
    buffers.pushBatch([bar('KO', 3, 12, 2)], 2);
    const drained = buffers.drain();
    expect(drained.map((s) => [s.symbol, Array.from(s.close), Array.from(s.files)])).toEqual([['KO', [10, 11, 12], [0, 0, 2]]]);
    expect(drained[0]?.days.length).toBe(3);
  });

  it('rolls back every row pushed after a mark, including symbols first seen after it', () => {
    const buffers = new SeriesBuffers();
    buffers.push(bar('KO', 1, 10, 2), 0);
    const mark = buffers.mark();
    buffers.push(bar('KO', 2, 11, 3), 1);
    buffers.push(bar('PEP', 2, 50, 2), 1);
    buffers.rollback(mark);
    expect(buffers.rows).toBe(1);
    const drained = buffers.drain();
    expect(drained.map((s) => [s.symbol, s.length])).toEqual([['KO', 1]]);
  });

  it('reports the day bounds over all series, or nulls when empty', () => {
    const buffers = new SeriesBuffers();
    buffers.push(bar('KO', 5, 10, 2), 0);
    buffers.push(bar('PEP', 2, 10, 2), 0);
    buffers.push(bar('PEP', 9, 10, 3), 0);
    expect(dayBounds(buffers.drain())).toEqual({ first: 2, last: 9 });
    expect(dayBounds([])).toEqual({ first: null, last: null });
  });
});
