import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Numbers as the generator wrote them: JSON has no NaN or infinities, so those are strings. */
export type GoldenNumber = number | 'nan' | 'inf' | '-inf';

export interface GoldenAdf {
  regression: 'n' | 'c' | 'ct';
  autolag: 'AIC' | 'BIC' | 't-stat';
  stat: number;
  pvalue: number;
  usedlag: number;
  nobs: number;
  icbest: number;
  crit: Record<'1%' | '5%' | '10%', number>;
}

export interface GoldenCoint {
  stat: number;
  pvalue: number;
  crit: number[];
  usedlag: number;
  nobs: number;
}

export interface GoldenJohansen {
  detOrder: -1 | 0 | 1;
  kArDiff: number;
  eig: number[];
  evec: number[][];
  traceStat: number[];
  maxEigStat: number[];
  traceCrit: number[][];
  maxEigCrit: number[][];
  nobs: number;
}

export interface GoldenCase {
  name: string;
  y: string;
  x: string;
  transform: 'log' | 'raw';
  start: string;
  end: string;
  yCloses: number[];
  xCloses: number[];
  ols: { alpha: number; beta: number; seAlpha: number; seBeta: number; rSquared: number; ssr: number; residHead: number[]; residTail: number[] };
  cointYX: GoldenCoint;
  cointXY: GoldenCoint;
  johansen: GoldenJohansen[];
  halfLife: { a: number; b: number; halfLife: GoldenNumber };
  returnCorrelation: number;
  adf?: GoldenAdf[];
  hurst?: number;
}

export interface Golden {
  statsmodels: string;
  cases: GoldenCase[];
  mackinnon: {
    pvalues: { regression: 'n' | 'c' | 'ct' | 'ctt'; N: number; stats: number[]; pvalues: number[] }[];
    crit: { regression: 'n' | 'c' | 'ct' | 'ctt'; N: number; nobs: number | 'inf'; crit: number[] }[];
  };
  multipleTesting: { pvalues: number[]; bh: number[]; bhReject: boolean[]; bonferroni: number[]; bonferroniReject: boolean[] };
}

const fixture = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/stats/golden.json');

/** The committed statsmodels reference (test/fixtures/stats/generate-golden.py). */
export const golden = JSON.parse(readFileSync(fixture, 'utf8')) as Golden;

export function toNumber(value: GoldenNumber): number {
  if (value === 'nan') return Number.NaN;
  if (value === 'inf') return Number.POSITIVE_INFINITY;
  if (value === '-inf') return Number.NEGATIVE_INFINITY;
  return value;
}

/** The case's two series after its transform (log closes or raw closes). */
export function caseSeries(testCase: GoldenCase): { y: Float64Array; x: Float64Array } {
  const map = testCase.transform === 'log' ? Math.log : (value: number) => value;
  return { y: Float64Array.from(testCase.yCloses, map), x: Float64Array.from(testCase.xCloses, map) };
}

/** |actual − expected| ≤ tolerance·|expected| (with an absolute floor for values near zero). */
export function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-12);
}

/** Tolerances from the issue: statistics 1e-6 relative, p-values 1e-4 absolute. */
export const STAT_RELATIVE = 1e-6;
export const P_ABSOLUTE = 1e-4;
