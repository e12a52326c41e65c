import { describe, expect, it } from 'vitest';
import { computeExposure } from '../../../src/main/risk/analytics/exposure';
import { computePnlAndDrawdown } from '../../../src/main/risk/analytics/pnl-drawdown';
import { markPositions } from '../../../src/main/risk/analytics/risk-inputs';
import { AppError } from '../../../src/shared/ipc/errors';
import { BOOK, DAYS, HISTORY, SECTORS } from './risk-fixtures';

describe('markPositions', () => {
  it('values each position at its last close and keeps its average cost', () => {
    const [a, b] = markPositions(BOOK, HISTORY, SECTORS);
    // A: 10 × 108.9 = 1089, unrealized 10 × (108.9 − 100) = 89. B: −20 × 44 = −880, −20 × (44 − 50) = +120.
    expect(a?.marketValue).toBeCloseTo(1089, 9);
    expect(a?.unrealizedPnl).toBeCloseTo(89, 9);
    expect(b?.marketValue).toBe(-880);
    expect(b?.unrealizedPnl).toBe(120);
    expect(a?.lastDay).toBe(DAYS[4]);
    expect(a?.sector).toBe('Tech');
  });

  it('refuses a held symbol with no history, naming it', () => {
    expect(() => markPositions([{ pairId: 'Z/A', leg: 'y', symbol: 'Z', quantity: 1, averagePrice: 1 }], HISTORY, SECTORS)).toThrow(AppError);
    expect(() => markPositions([{ pairId: 'Z/A', leg: 'y', symbol: 'Z', quantity: 1, averagePrice: 1 }], HISTORY, SECTORS)).toThrow(/Z \(pair Z\/A, leg y\)/);
  });

  it('drops flat books', () => {
    expect(markPositions([{ ...BOOK[0], quantity: 0 } as (typeof BOOK)[0]], HISTORY, SECTORS)).toEqual([]);
  });
});

describe('computeExposure', () => {
  it('sums long, short, gross and net by symbol, sector and pair', () => {
    const report = computeExposure(markPositions(BOOK, HISTORY, SECTORS), 10_000);
    // long 1089, short 880: gross 1969, net 209; leverage on 10,000 equity: 0.1969 and 0.0209.
    expect(report.totals.long).toBeCloseTo(1089, 9);
    expect(report.totals.short).toBe(880);
    expect(report.totals.gross).toBeCloseTo(1969, 9);
    expect(report.totals.net).toBeCloseTo(209, 9);
    expect(report.totals.grossLeverage).toBeCloseTo(0.1969, 12);
    expect(report.totals.netLeverage).toBeCloseTo(0.0209, 12);
    expect(report.bySymbol.map((row) => row.key)).toEqual(['A', 'B']);
    expect(report.bySymbol[0]?.grossShare).toBeCloseTo(1089 / 1969, 12);
    expect(report.bySector).toHaveLength(1);
    expect(report.bySector[0]).toMatchObject({ key: 'Tech', short: 880 });
    expect(report.byPair[0]?.key).toBe('A/B');
    expect(report.byPair[0]?.net).toBeCloseTo(209, 9);
  });

  it('nets one symbol held by two pairs before it counts toward the sector', () => {
    const book = [...BOOK, { pairId: 'A/C', leg: 'y' as const, symbol: 'A', quantity: -4, averagePrice: 100 }, { pairId: 'A/C', leg: 'x' as const, symbol: 'C', quantity: 40, averagePrice: 10 }];
    const report = computeExposure(markPositions(book, HISTORY, SECTORS), 10_000);
    // A nets to 6 × 108.9 = 653.4 long; Tech: long 653.4, short 880; Energy: C 40 × 10 = 400 long.
    const a = report.bySymbol.find((row) => row.key === 'A');
    expect(a?.long).toBeCloseTo(653.4, 9);
    expect(a?.short).toBe(0);
    const tech = report.bySector.find((row) => row.key === 'Tech');
    expect(tech?.gross).toBeCloseTo(1533.4, 9);
    // Pair A/C alone: A −435.6 short, C +400 long.
    const pair = report.byPair.find((row) => row.key === 'A/C');
    expect(pair?.short).toBeCloseTo(435.6, 9);
    expect(pair?.long).toBe(400);
    // Totals come from the positions: long 1089 + 400, short 880 + 435.6.
    expect(report.totals.gross).toBeCloseTo(2804.6, 9);
  });

  it('is all zeros with no positions', () => {
    const report = computeExposure([], 10_000);
    expect(report.totals).toEqual({ long: 0, short: 0, gross: 0, net: 0, grossLeverage: 0, netLeverage: 0 });
    expect(report.bySymbol).toEqual([]);
  });
});

describe('computePnlAndDrawdown', () => {
  it('works out daily P&L, the running peak and the drawdown', () => {
    const history = [100, 120, 90, 108, 130].map((equity, k) => ({ day: DAYS[k] ?? 0, equity }));
    const report = computePnlAndDrawdown(history, markPositions(BOOK, HISTORY, SECTORS));
    // P&L: 0, +20, −30, +18, +22; peak 100, 120, 120, 120, 130.
    expect(report.points.map((point) => point.pnl)).toEqual([0, 20, -30, 18, 22]);
    expect(report.points.map((point) => point.cumulativePnl)).toEqual([0, 20, -10, 8, 30]);
    // Drawdown on day 2: 1 − 90/120 = 0.25 ($30); day 3: 1 − 108/120 = 0.1 ($12).
    expect(report.points[2]?.drawdown).toBeCloseTo(0.25, 12);
    expect(report.points[3]?.drawdownDollars).toBe(12);
    expect(report.maxDrawdown).toBeCloseTo(0.25, 12);
    expect(report.maxDrawdownDollars).toBe(30);
    expect(report.currentDrawdown).toBe(0);
    expect(report.totalPnl).toBe(30);
    // Unrealized: 89 + 120.
    expect(report.unrealizedPnl).toBeCloseTo(209, 9);
  });
});
