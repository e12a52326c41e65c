import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleResults } from '../../../src/main/scanner/core/assemble-results';
import { pairCount, planShards } from '../../../src/main/scanner/core/pair-shards';
import { Field, PAIR_FIELDS, scanShard, type ScanMatrix } from '../../../src/main/scanner/core/scan-shard';
import { engleGranger } from '../../../src/main/stats/engle-granger';
import { benjaminiHochberg } from '../../../src/main/stats/multiple-testing';

const SAMPLE = path.resolve(import.meta.dirname, '../../../resources/sample-data/prices');
const SYMBOLS = ['KO', 'PEP', 'XOM', 'CVX', 'JPM', 'BAC'];

/** Log closes of the bundled sample (all six have the full 1,259 days). */
function logCloses(symbol: string): Float64Array {
  const lines = readFileSync(path.join(SAMPLE, `${symbol}.csv`), 'utf8').trim().split('\n').slice(1);
  return Float64Array.from(lines, (line) => Math.log(Number(line.split(',')[4])));
}

function matrixOf(columns: readonly Float64Array[]): ScanMatrix {
  const days = columns[0]?.length ?? 0;
  const values = new Float64Array(columns.length * days);
  columns.forEach((column, s) => values.set(column, s * days));
  return { values, symbols: columns.length, days, transform: 'log' };
}

function scanAll(matrix: ScanMatrix, shards: number): Float64Array {
  const parts = planShards(matrix.symbols, shards).map((shard) => scanShard(matrix, shard));
  const rows = new Float64Array(pairCount(matrix.symbols) * PAIR_FIELDS);
  let offset = 0;
  for (const part of parts) {
    rows.set(part, offset);
    offset += part.length;
  }
  return rows;
}

describe('scan shards', () => {
  const columns = SYMBOLS.map(logCloses);
  const matrix = matrixOf(columns);

  it('computes each pair both ways exactly as the one-pair Engle-Granger test', () => {
    const rows = scanAll(matrix, 1);
    const results = assembleResults(SYMBOLS, rows, { method: 'bh', alpha: 0.05 });
    expect(results).toHaveLength(15);
    for (const result of results) {
      const y = columns[SYMBOLS.indexOf(result.y)] ?? new Float64Array();
      const x = columns[SYMBOLS.indexOf(result.x)] ?? new Float64Array();
      const direct = engleGranger(y, x);
      const reverse = engleGranger(x, y);
      if (!direct.ok || !reverse.ok) throw new Error(`direct test failed for ${result.y}/${result.x}`);
      expect(result.egStat).toBe(direct.value.statistic);
      expect(result.egPvalue).toBe(direct.value.pValue);
      expect(result.egPvalueReverse).toBe(reverse.value.pValue);
      expect(result.egPvalue ?? 1).toBeLessThanOrEqual(result.egPvalueReverse ?? 0);
      expect(result.beta).toBe(direct.value.beta);
      expect(result.usedLag).toBe(direct.value.usedLag);
      expect(result.nobs).toBe(1259);
    }
  });

  it('corrects over every ordered test: 2 per pair', () => {
    const rows = scanAll(matrix, 1);
    const pValues = new Float64Array(30);
    for (let k = 0; k < 15; k += 1) {
      pValues[2 * k] = rows[k * PAIR_FIELDS + Field.pForward] ?? Number.NaN;
      pValues[2 * k + 1] = rows[k * PAIR_FIELDS + Field.pReverse] ?? Number.NaN;
    }
    const q = benjaminiHochberg(pValues);
    const results = assembleResults(SYMBOLS, rows, { method: 'bh', alpha: 0.05 });
    results.forEach((result, k) => {
      const forwardBest = (pValues[2 * k] ?? 1) <= (pValues[2 * k + 1] ?? 1);
      expect(result.qvalue).toBe(forwardBest ? q[2 * k] : q[2 * k + 1]);
      expect(result.significant).toBe((result.qvalue ?? 1) <= 0.05);
    });
    const bonferroni = assembleResults(SYMBOLS, rows, { method: 'bonferroni', alpha: 0.05 });
    bonferroni.forEach((result) => expect(result.qvalue).toBe(Math.min(1, (result.egPvalue ?? 1) * 30)));
  });

  it('reports and corrects over only the pairs a restriction keeps (same sector only)', () => {
    const rows = scanAll(matrix, 1);
    const sectors = ['staples', 'staples', 'energy', 'energy', 'banks', 'banks'];
    const kept = assembleResults(SYMBOLS, rows, { method: 'bonferroni', alpha: 0.05 }, (i, j) => sectors[i] === sectors[j]);
    expect(kept.map((r) => [r.y, r.x].sort().join('/'))).toEqual(['KO/PEP', 'CVX/XOM', 'BAC/JPM']);
    // Three pairs, six ordered tests: Bonferroni multiplies by 6, not by the 30 of the full scan.
    for (const result of kept) expect(result.qvalue).toBe(Math.min(1, (result.egPvalue ?? 1) * 6));
  });

  it('gives identical results however the pairs are sharded', () => {
    expect(scanAll(matrix, 4)).toEqual(scanAll(matrix, 1));
  });

  it('reports a pair it cannot compute with its reason and carries on', () => {
    const flat = new Float64Array(1259).fill(Math.log(10));
    const withGap = Float64Array.from(columns[0] ?? []);
    withGap[100] = Number.NaN;
    const odd = matrixOf([columns[0] ?? flat, flat, withGap, columns[1] ?? flat]);
    const results = assembleResults(['KO', 'FLAT', 'GAP', 'PEP'], scanAll(odd, 2), { method: 'bh', alpha: 0.05 });
    const byPair = new Map(results.map((r) => [`${r.y}/${r.x}`, r]));
    expect(byPair.get('KO/FLAT')?.error).toBe('one of the series is constant');
    expect(byPair.get('KO/GAP')?.error).toMatch(/NaN or infinite/);
    const good = results.find((r) => (r.y === 'KO' && r.x === 'PEP') || (r.y === 'PEP' && r.x === 'KO'));
    expect(good?.error).toBeNull();
    expect(good?.egPvalue).not.toBeNull();
  });

  it('stops at the next checkpoint when cancelled', () => {
    const controller = new AbortController();
    controller.abort(new Error('cancelled by test'));
    expect(() => scanShard(matrix, { index: 0, start: 0, end: 15 }, { signal: controller.signal })).toThrow('cancelled by test');
  });
});
