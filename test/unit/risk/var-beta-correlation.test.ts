import { describe, expect, it } from 'vitest';
import { computeBeta, equalWeightIndexReturns } from '../../../src/main/risk/analytics/beta';
import { normalQuantile } from '../../../src/main/risk/analytics/normal-quantile';
import { computePairCorrelation } from '../../../src/main/risk/analytics/pair-correlation';
import { positionPnlHistory } from '../../../src/main/risk/analytics/position-pnl-history';
import { markPositions } from '../../../src/main/risk/analytics/risk-inputs';
import { computeValueAtRisk } from '../../../src/main/risk/analytics/value-at-risk';
import { BOOK, DAYS, HISTORY, SECTORS, matrix } from './risk-fixtures';

const marked = markPositions(BOOK, HISTORY, SECTORS);

describe('positionPnlHistory', () => {
  it('replays past returns through today’s market values', () => {
    const history = positionPnlHistory(marked, HISTORY);
    // P&L_t = 1089 rA − 880 rB: +108.9, −108.9 − 88 = −196.9, 0 + 176 = 176, +108.9.
    expect(Array.from(history.days)).toEqual(DAYS.slice(1));
    const expected = [108.9, -196.9, 176, 108.9];
    history.pnl.forEach((value, t) => expect(value).toBeCloseTo(expected[t] ?? NaN, 9));
    expect(history.byPair.get('A/B')).toEqual(history.pnl);
    expect(history.skippedDays).toBe(0);
    // A window keeps the last days only.
    expect(Array.from(positionPnlHistory(marked, HISTORY, 2).days)).toEqual(DAYS.slice(3));
  });

  it('skips a day a held symbol has no bar on (and the day after it), instead of a zero return', () => {
    const gappy = matrix({ A: [100, 110, Number.NaN, 99, 108.9], B: [50, 50, 55, 44, 44] });
    const history = positionPnlHistory(markPositions(BOOK, gappy, SECTORS), gappy);
    // Rows 2 (A missing) and 3 (A missing the day before) drop out.
    expect(Array.from(history.days)).toEqual([DAYS[1], DAYS[4]]);
    expect(history.skippedDays).toBe(2);
  });
});

describe('computeValueAtRisk', () => {
  it('matches the hand-worked historical and normal figures', () => {
    const report = computeValueAtRisk(Float64Array.from([108.9, -196.9, 176, 108.9]));
    // mean = 196.9 / 4 = 49.225; deviations 59.675, −246.125, 126.775, 59.675;
    // Σ squares = 3561.07 + 60577.52 + 16071.90 + 3561.07 = 83771.56; / 3 → σ = 167.1044.
    expect(report.mean).toBeCloseTo(49.225, 9);
    expect(report.std).toBeCloseTo(167.1043860385877, 9);
    const [p95, p99] = report.figures;
    // n = 4: floor(0.05 · 4) = floor(0.01 · 4) = 0, so both tails are the worst day, 196.9.
    expect(p95?.historicalVar).toBeCloseTo(196.9, 9);
    expect(p95?.historicalCvar).toBeCloseTo(196.9, 9);
    expect(p99?.historicalVar).toBeCloseTo(196.9, 9);
    // Normal: 1.6448536 × 167.1044 − 49.225 = 225.637; CVaR 167.1044 × φ(1.6449)/0.05 − 49.225 = 295.463.
    expect(p95?.parametricVar).toBeCloseTo(225.63725545506992, 8);
    expect(p95?.parametricCvar).toBeCloseTo(295.4633572724599, 8);
    // 2.3263479 × 167.1044 − 49.225 = 339.518; 167.1044 × φ(2.3263)/0.01 − 49.225 = 396.144.
    expect(p99?.parametricVar).toBeCloseTo(339.51793320376845, 8);
    expect(p99?.parametricCvar).toBeCloseTo(396.143985952199, 8);
  });

  it('takes the tail index floor((1 − p)·n) on a longer series', () => {
    // 1..100 minus 50: floor(0.05 · 100) = 5 → sorted[5] = −44, CVaR = −mean(−49..−44) = 46.5.
    const pnl = Float64Array.from({ length: 100 }, (_, k) => k + 1 - 50);
    const [p95] = computeValueAtRisk(pnl).figures;
    expect(p95?.historicalVar).toBe(44);
    expect(p95?.historicalCvar).toBe(46.5);
  });

  it('gives nulls with fewer than two days', () => {
    expect(computeValueAtRisk(Float64Array.from([5])).figures[0]?.historicalVar).toBeNull();
  });

  it('has a normal quantile accurate to double precision', () => {
    expect(normalQuantile(0.95)).toBeCloseTo(1.6448536269514722, 14);
    expect(normalQuantile(0.99)).toBeCloseTo(2.3263478740408408, 14);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167813, 12);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 15);
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });
});

describe('computeBeta', () => {
  it('regresses on the equal-weight index of every stored symbol', () => {
    const pnlHistory = positionPnlHistory(marked, HISTORY);
    // Index = (rA + rB + 0) / 3: +1/30, 0, −1/15, +1/30.
    const index = equalWeightIndexReturns(HISTORY, pnlHistory.days);
    [1 / 30, 0, -1 / 15, 1 / 30].forEach((value, t) => expect(index[t]).toBeCloseTo(value, 15));
    const report = computeBeta(pnlHistory, HISTORY, 10_000);
    // rA + rB = 3 · index, so βA + βB = 3; here βA = 1, βB = 2 (cov(rA, idx) = var(idx)).
    expect(report.bySymbol.map((row) => row.symbol)).toEqual(['A', 'B']);
    expect(report.bySymbol[0]?.beta).toBeCloseTo(1, 12);
    expect(report.bySymbol[1]?.beta).toBeCloseTo(2, 12);
    // Dollar β = 1089 · 1 − 880 · 2 = −671, so β = −0.0671 on 10,000 of equity.
    expect(report.dollarBeta).toBeCloseTo(-671, 8);
    expect(report.portfolioBeta).toBeCloseTo(-0.0671, 12);
  });
});

describe('computePairCorrelation', () => {
  it('correlates the pairs’ daily P&L, with null for a pair that never moves', () => {
    const history = matrix({ A: [100, 110, 99, 99, 108.9], B: [50, 50, 55, 44, 44], C: [10, 10, 10, 10, 10], D: [20, 22, 19.8, 19.8, 21.78] });
    // Pair P1 long A; pair P2 short D (D moves exactly like A): correlation −1. Pair P3 holds C only.
    const book = [
      { pairId: 'P1', leg: 'y' as const, symbol: 'A', quantity: 1, averagePrice: 100 },
      { pairId: 'P2', leg: 'y' as const, symbol: 'D', quantity: -3, averagePrice: 20 },
      { pairId: 'P3', leg: 'y' as const, symbol: 'C', quantity: 5, averagePrice: 10 },
    ];
    const report = computePairCorrelation(positionPnlHistory(markPositions(book, history, SECTORS), history));
    expect(report.pairs).toEqual(['P1', 'P2', 'P3']);
    expect(report.matrix[0]?.[0]).toBeCloseTo(1, 12);
    expect(report.matrix[0]?.[1]).toBeCloseTo(-1, 12);
    expect(report.matrix[1]?.[0]).toBeCloseTo(-1, 12);
    expect(report.matrix[0]?.[2]).toBeNull();
    expect(report.matrix[2]?.[2]).toBeNull();
  });
});
