import { benjaminiHochberg, bonferroni } from '../../stats/multiple-testing';
import { describeFailure } from '../../stats/stats-result';
import { pairAt } from './pair-shards';
import { FAILURE_KINDS, Field, PAIR_FIELDS } from './scan-shard';
import type { MultipleTestingMethod, PairResult } from './scan-types';

/**
 * Turns the shards' raw rows into one result per unordered pair: the direction with the
 * lower p-value, and the multiple-testing correction over EVERY ordered test of the scan
 * (both directions of every computed pair: 2 × 110,215 tests for the full S&P universe),
 * because both directions were looked at. A pair survives when the q-value of its
 * reported direction is at or below alpha.
 *
 * `keep(i, j)` restricts the scan to some pairs (e.g. "same sector only"): a pair it refuses
 * was not part of the scan, so it is neither reported nor counted in the correction.
 */
export function assembleResults(
  symbols: readonly string[],
  rows: Float64Array,
  correction: { readonly method: MultipleTestingMethod; readonly alpha: number },
  keep?: (i: number, j: number) => boolean,
): PairResult[] {
  const pairs = rows.length / PAIR_FIELDS;
  const kept = (k: number): boolean => {
    if (keep === undefined) return true;
    const [i, j] = pairAt(symbols.length, k);
    return keep(i, j);
  };
  const computed: number[] = [];
  for (let k = 0; k < pairs; k += 1) if (rows[k * PAIR_FIELDS + Field.failure] === 0 && kept(k)) computed.push(k);
  const pValues = new Float64Array(computed.length * 2);
  computed.forEach((k, n) => {
    pValues[2 * n] = rows[k * PAIR_FIELDS + Field.pForward] as number;
    pValues[2 * n + 1] = rows[k * PAIR_FIELDS + Field.pReverse] as number;
  });
  const adjusted = correction.method === 'bh' ? benjaminiHochberg(pValues) : bonferroni(pValues);
  const qOf = new Map<number, { forward: number; reverse: number }>();
  computed.forEach((k, n) => qOf.set(k, { forward: adjusted[2 * n] as number, reverse: adjusted[2 * n + 1] as number }));

  const results: PairResult[] = [];
  for (let k = 0; k < pairs; k += 1) {
    if (!kept(k)) continue;
    const [i, j] = pairAt(symbols.length, k);
    const row = k * PAIR_FIELDS;
    const value = (field: number): number => rows[row + field] as number;
    const nobs = value(Field.nobs);
    const q = qOf.get(k);
    if (q === undefined) {
      const kind = FAILURE_KINDS[value(Field.failure) - 1];
      results.push({
        y: symbols[i] ?? '',
        x: symbols[j] ?? '',
        egStat: null,
        egPvalue: null,
        egPvalueReverse: null,
        qvalue: null,
        significant: false,
        beta: null,
        alpha: null,
        halfLife: null,
        correlation: null,
        hurst: null,
        johansenTrace: null,
        johansenMaxEig: null,
        nobs: Number.isFinite(nobs) ? nobs : 0,
        usedLag: null,
        error: kind === undefined ? 'not computed' : describeFailureKind(kind),
      });
      continue;
    }
    const forwardBest = value(Field.pForward) <= value(Field.pReverse);
    const first = forwardBest ? Field.statForward : Field.statReverse;
    const qvalue = forwardBest ? q.forward : q.reverse;
    const correlation = value(Field.correlation);
    const life = value(Field.halfLife);
    results.push({
      y: (forwardBest ? symbols[i] : symbols[j]) ?? '',
      x: (forwardBest ? symbols[j] : symbols[i]) ?? '',
      egStat: value(first),
      egPvalue: value(first + 1),
      egPvalueReverse: value(forwardBest ? Field.pReverse : Field.pForward),
      qvalue,
      significant: qvalue <= correction.alpha,
      beta: value(first + 3),
      alpha: value(first + 4),
      halfLife: Number.isNaN(life) ? null : life,
      correlation: Number.isFinite(correlation) ? correlation : null,
      hurst: null,
      johansenTrace: null,
      johansenMaxEig: null,
      nobs,
      usedLag: value(first + 2),
      error: null,
    });
  }
  return results;
}

/** The row keeps only the failure's kind; its one-line description without the numbers. */
function describeFailureKind(kind: (typeof FAILURE_KINDS)[number]): string {
  switch (kind) {
    case 'non-finite':
      return describeFailure({ kind, series: 'series', index: 0 }).replace(' at index 0', '');
    case 'length-mismatch':
      return 'the two series have different lengths';
    case 'too-short':
      return 'too few observations for the lag search';
    case 'constant-series':
      return 'one of the series is constant';
    case 'collinear':
      return 'y and x are (almost) perfectly collinear; the test is not reliable';
    case 'singular-regression':
      return 'a regression of the test is singular';
    case 'non-positive-price':
      return 'a price is zero or negative';
  }
}
