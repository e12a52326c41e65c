import { describe, expect, it } from 'vitest';
import { parseBacktestConfig } from '../../../src/main/backtest/backtest-config';
import { runBacktest } from '../../../src/main/backtest/backtest-runner';
import { flatBars, weekdays } from './market-fixtures';
import { ScriptedStrategy } from './scripted-strategy';

/*
 * Audit 3.1. Twenty sessions; the x legs never move. KO's log returns alternate ±1 %
 * (u_t = 0.01·(−1)^t); KO2/PEP2 is an exact copy of KO/PEP (ρ = 1); AAA's log returns follow
 * v_t = 0.01·[1, 1, −1, −1][t mod 4]. Over any 8 consecutive days u and v both have zero mean
 * and are orthogonal, so AAA/BBB is uncorrelated with KO/PEP.
 * Capital 100 500, fraction 0.2, β = 1: 10 050 a leg. KO/PEP enters long at the close of day 10
 * (KO 100: 100 KO, −201 PEP), filling at the day-11 open 100·e^−0.01 = 99.00498 (= the close:
 * the bars are flat). At the day-11 close, with equity 100 500 and lookback 9 (8 changes):
 *   KO2/PEP2 at full size would be floor(10 050 / 99.00498) = 101 KO2 and 201 PEP2;
 *   the x legs do not move, so c = cov(P_B, P_A) / var(P_B) = 100 / 101 = 0.990099 and
 *   w = √(c² + 1) − c = 0.417131; it is sized with equity 41 921.7: floor(4 192.17 / 99.00498)
 *   = 42 KO2 and floor(4 192.17 / 50) = 83 PEP2.
 *   AAA/BBB: c = 0, w = 1: full size.
 */
const days = weekdays('2015-03-02', 20);
const u = days.map((_, t) => (t === 0 ? 0 : 0.01 * (t % 2 === 0 ? 1 : -1)));
const v = days.map((_, t) => (t === 0 ? 0 : 0.01 * ([1, 1, -1, -1][t % 4] as number)));
const path = (start: number, returns: number[]) => {
  let level = Math.log(start);
  return returns.map((r) => Math.exp((level += r)));
};
const ko = path(100, u);
const aaa = path(100, v);
const flat50 = days.map(() => 50);
const bars = new Map([
  ['KO', flatBars(days, ko)], ['PEP', flatBars(days, flat50)],
  ['KO2', flatBars(days, ko)], ['PEP2', flatBars(days, flat50)],
  ['AAA', flatBars(days, aaa)], ['BBB', flatBars(days, flat50)],
]);
const d10 = days[10] as number;
const d11 = days[11] as number;

function run(correlationAware: boolean) {
  const config = parseBacktestConfig({
    pairs: [{ y: 'KO', x: 'PEP' }, { y: 'KO2', x: 'PEP2' }, { y: 'AAA', x: 'BBB' }],
    from: '2015-03-02', to: '2015-03-27', capital: 100_500,
    strategy: { kind: 'zscore', lookback: 9, entry: 2, exit: 0.5, stop: 4 },
    sizing: { method: 'fixed_fraction', fraction: 0.2, legs: 'beta_neutral', correlationAware },
    risk: { maxSymbolExposure: 1 },
    costs: 'none',
  });
  const scripts = new Map([
    ['KO/PEP', new ScriptedStrategy(new Map([[d10, { enter: 'long' as const }]]))],
    ['KO2/PEP2', new ScriptedStrategy(new Map([[d11, { enter: 'long' as const }]]))],
    ['AAA/BBB', new ScriptedStrategy(new Map([[d11, { enter: 'long' as const }]]))],
  ]);
  return runBacktest(config, { bars }, { strategyFactory: ({ id }) => scripts.get(id) ?? new ScriptedStrategy(new Map()) });
}
const quantities = (result: ReturnType<typeof run>, pairId: string) => result.orders.filter((o) => o.pairId === pairId).map((o) => [o.symbol, o.quantity]);

describe('correlation-aware sizing (audit 3.1)', () => {
  it('sizes a pair with ρ ≈ 1 to an open pair down, and gives an uncorrelated pair full size', () => {
    const result = run(true);
    expect(quantities(result, 'KO/PEP')).toEqual([['KO', 100], ['PEP', 201]]);
    expect(quantities(result, 'KO2/PEP2')).toEqual([['KO2', 42], ['PEP2', 83]]);
    expect(quantities(result, 'AAA/BBB')).toEqual([['AAA', Math.floor(10_050 / (aaa[11] as number))], ['BBB', 201]]);
  });

  it('is off by default: the copy gets full size', () => {
    expect(quantities(run(false), 'KO2/PEP2')).toEqual([['KO2', 101], ['PEP2', 201]]);
  });
});
