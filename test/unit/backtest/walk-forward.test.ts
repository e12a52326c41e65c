import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { OhlcvColumns } from '../../../src/main/core/market/series';
import { formatIsoDate } from '../../../src/main/core/time/epoch-day';
import { planWindows, windowPlanSchema } from '../../../src/main/backtest/walk-forward/window-plan';
import { parseWalkForwardSpec, runWalkForward, selectForWindow, walkForwardCalendar } from '../../../src/main/backtest/walk-forward/walk-forward';
import { cointegratedPair, prng, weekdays } from './market-fixtures';

describe('walk-forward window planner', () => {
  it('trading windows are out of sample, never overlap, and keep the purge and embargo gaps', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 30, max: 3000 }),
        fc.record({ formationDays: fc.integer({ min: 20, max: 400 }), tradingDays: fc.integer({ min: 1, max: 200 }), purgeDays: fc.integer({ min: 0, max: 30 }), embargoDays: fc.integer({ min: 0, max: 30 }) }),
        (count, spec) => {
          const days = Int32Array.from({ length: count }, (_, i) => 16_000 + i);
          if (spec.formationDays + spec.purgeDays >= count) {
            expect(() => planWindows(days, spec)).toThrow(/walkForward/);
            return;
          }
          const windows = planWindows(days, spec);
          windows.forEach((w, k) => {
            expect(w.formation.end - w.formation.start + 1).toBe(spec.formationDays);
            // The purge: P untouched days between the formation's last day and the first trading day.
            expect(w.trading.start - w.formation.end - 1).toBe(spec.purgeDays);
            expect(w.trading.end).toBeGreaterThanOrEqual(w.trading.start);
            expect(w.trading.end - w.trading.start + 1).toBeLessThanOrEqual(spec.tradingDays);
            expect(w.trading.end).toBeLessThan(count);
            expect(w.tradingDays.from).toBe(days[w.trading.start]);
            const next = windows[k + 1];
            if (next !== undefined) {
              // Disjoint trading windows (starts increase, so neighbours suffice), exactly the embargo apart; a full window before the last.
              expect(next.trading.start).toBeGreaterThan(w.trading.end);
              expect(next.trading.start - w.trading.end - 1).toBe(spec.embargoDays);
              expect(w.trading.end - w.trading.start + 1).toBe(spec.tradingDays);
            }
            // Out of sample: the trading window starts after its formation window and purge.
            expect(w.trading.start).toBeGreaterThan(w.formation.end + spec.purgeDays);
          });
          // The calendar was used up: one more window would not fit.
          const last = windows[windows.length - 1];
          if (last !== undefined) expect(last.formation.start + spec.tradingDays + spec.embargoDays + spec.formationDays + spec.purgeDays).toBeGreaterThan(count - 1);
        },
      ),
      { numRuns: 300 },
    );
  });
});

const DAYS = 640;
const days = weekdays('2014-01-02', DAYS);

/** Two cointegrated pairs (AAA/BBB, CCC/DDD) and two unrelated random walks (EEE, FFF). */
function universe(): Map<string, OhlcvColumns> {
  const one = cointegratedPair(days, 21, { noise: 0.015 });
  const two = cointegratedPair(days, 22, { noise: 0.02 });
  const walk = (seed: number): OhlcvColumns => {
    const random = prng(seed);
    let level = Math.log(30);
    const closes = days.map(() => Math.exp((level += 0.015 * (random() - 0.5) * 3.4)));
    return { days: Int32Array.from(days), open: Float64Array.from(closes), high: Float64Array.from(closes, (c) => c * 1.004), low: Float64Array.from(closes, (c) => c * 0.996), close: Float64Array.from(closes), volume: new Float64Array(DAYS).fill(2_000_000) };
  };
  return new Map([['AAA', one.y], ['BBB', one.x], ['CCC', two.y], ['DDD', two.x], ['EEE', walk(31)], ['FFF', walk(32)]]);
}

/** Every bar after `day` scaled by a random factor, and FFF made a copy of EEE: a leak would show. */
function poisonAfter(bars: Map<string, OhlcvColumns>, day: number, seed: number): Map<string, OhlcvColumns> {
  const random = prng(seed);
  const out = new Map<string, OhlcvColumns>();
  for (const [symbol, series] of bars) {
    const scale = (column: Float64Array) => Float64Array.from(column, (v, i) => ((series.days[i] as number) > day ? v * (0.4 + 1.2 * random()) : v));
    out.set(symbol, { ...series, open: scale(series.open), high: scale(series.high), low: scale(series.low), close: scale(series.close) });
  }
  const eee = out.get('EEE');
  const fff = out.get('FFF');
  if (eee !== undefined && fff !== undefined) {
    const copy = (a: Float64Array, b: Float64Array) => Float64Array.from(b, (v, i) => ((fff.days[i] as number) > day ? (a[i] as number) * 1.5 : v));
    out.set('FFF', { ...fff, open: copy(eee.open, fff.open), high: copy(eee.high, fff.high), low: copy(eee.low, fff.low), close: copy(eee.close, fff.close) });
  }
  return out;
}

const base = { pairs: [{ y: 'AAA', x: 'BBB' }], from: formatIsoDate(days[0] as number), to: formatIsoDate(days[DAYS - 1] as number), capital: 1_000_000, strategy: { kind: 'zscore', lookback: 30, entry: 2, exit: 0.5, stop: 4 }, costs: 'none' };
const spec = parseWalkForwardSpec({
  plan: { formationDays: 200, tradingDays: 100, purgeDays: 5, embargoDays: 5 },
  universe: ['AAA', 'BBB', 'CCC', 'DDD', 'EEE', 'FFF'],
  topN: 2,
  maxPValue: 0.25,
  grid: { parameters: [{ path: 'strategy.entry', values: [1.5, 2] }, { path: 'strategy.lookback', values: [20, 40] }] },
});

describe('walk-forward selection and out-of-sample trading', () => {
  const bars = universe();
  const windows = planWindows(walkForwardCalendar(bars, spec.universe), spec.plan);

  it('poisoning every bar after a formation window ends changes neither its pairs nor its parameters', () => {
    expect(windows.length).toBeGreaterThanOrEqual(4);
    let changedByInSamplePoison = 0;
    for (const window of windows) {
      const clean = selectForWindow(base, spec, window, { bars });
      expect(clean.scan.chosen.length).toBeGreaterThan(0);
      const poisoned = selectForWindow(base, spec, window, { bars: poisonAfter(bars, window.formationDays.to, 100 + window.index) });
      expect(poisoned).toEqual(clean);
      // The control: the same poison from inside the formation window does move the selection.
      const inside = selectForWindow(base, spec, window, { bars: poisonAfter(bars, window.formationDays.to - 60, 100 + window.index) });
      if (JSON.stringify(inside) !== JSON.stringify(clean)) changedByInSamplePoison++;
    }
    expect(changedByInSamplePoison).toBeGreaterThan(0);
  });

  it('stitches the out-of-sample trading days only, in order, with equity = capital × Π(1 + r)', () => {
    const report = runWalkForward(base, spec, { bars });
    expect(report.windows).toHaveLength(windows.length);
    for (let i = 1; i < report.days.length; i++) expect(report.days[i] as number).toBeGreaterThan(report.days[i - 1] as number);
    for (const day of report.days) expect(windows.some((w) => day >= w.tradingDays.from && day <= w.tradingDays.to)).toBe(true);
    let level = 1_000_000;
    report.returns.forEach((r, i) => {
      level *= 1 + r;
      expect(Math.abs((report.equity[i] as number) - level)).toBeLessThan(1e-6);
    });
    expect(report.totalReturn).toBeCloseTo(level / 1_000_000 - 1, 12);
    expect(report.windows.some((w) => w.outOfSample.fills > 0)).toBe(true);
    expect(report.windows.every((w) => w.configsTried === 4)).toBe(true);
    expect(report.windowReturnQuantiles.p05).toBeLessThanOrEqual(report.windowReturnQuantiles.p95);
  });

  it('refuses a bad spec naming the field', () => {
    expect(() => parseWalkForwardSpec({ universe: ['AAA'] })).toThrow(/walkForward\.universe/);
    expect(() => parseWalkForwardSpec({ universe: ['AAA', 'BBB'], plan: { formationDays: 5 } })).toThrow(/walkForward\.plan\.formationDays/);
    expect(() => windowPlanSchema.parse({ purgeDays: -1 })).toThrow();
  });
});
