import { describe, expect, it } from 'vitest';
import { parseBacktestConfig } from '../../../src/main/backtest/backtest-config';

const example = {
  pairs: [{ y: 'KO', x: 'PEP' }], from: '2014-02-10', to: '2018-02-07', capital: 1000000,
  strategy: { kind: 'zscore', lookback: 60, entry: 2.0, exit: 0.5, stop: 4.0 },
  fill: 'next_open', costs: 'none',
};

function messageOf(input: unknown): string {
  try {
    parseBacktestConfig(input);
    return '';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

describe('backtest config', () => {
  it('parses the issue example with everything else at its default', () => {
    const config = parseBacktestConfig(example);
    expect(config.fromDay).toBeLessThan(config.toDay);
    expect(config.costsMode).toBe('none');
    expect(config.transactionCosts).toEqual({ commission: { kind: 'zero' }, secFee: { kind: 'none' }, finraTaf: { kind: 'none' }, slippageBps: 0, impact: { coefficient: 0, window: 20 } });
    expect(config.financing).toMatchObject({ marginInterestRate: 0, shortRebateRate: 0, margin: { initial: 0.5, maintenanceLong: 0.25, maintenanceShort: 0.3 } });
    expect(config.borrow.generalCollateralRate).toBe(0);
    expect(config.sizing).toMatchObject({ method: 'fixed_fraction', fraction: 0.1, legs: 'beta_neutral', lotSize: 1 });
    expect(config.legRisk).toEqual({ policy: 'retry', maxRetries: 1 });
    expect(config.execution.participationRate).toBe(0.1);
    expect(config.riskFreeRate).toBe(0);
  });

  it('applies the realistic model when costs are left out', () => {
    const { costs: _costs, ...rest } = example;
    const config = parseBacktestConfig(rest);
    expect(config.costsMode).toBe('model');
    expect(config.transactionCosts.commission).toEqual({ kind: 'per_share', perShare: 0.005, minimum: 1, maxPercentOfValue: 0.01 });
    expect(config.transactionCosts.secFee).toEqual({ kind: 'schedule' });
    expect(config.transactionCosts.slippageBps).toBe(2);
    expect(config.borrow.generalCollateralRate).toBe(0.0025);
    expect(config.financing.marginInterestRate).toBe(0.06);
  });

  it('names the field of every bad config', () => {
    expect(messageOf({ ...example, costs: { slippageBps: -1 } })).toMatch(/costs\.slippageBps: .*≥ 0/);
    expect(messageOf({ ...example, costs: { marginInterestRate: -0.01 } })).toMatch(/costs\.marginInterestRate/);
    expect(messageOf({ ...example, strategy: { kind: 'zscore', entry: 0.4, exit: 0.5, stop: 4 } })).toMatch(/strategy\.entry: entry 0\.4 lies inside the exit band/);
    expect(messageOf({ ...example, pairs: [] })).toMatch(/pairs: must list at least one pair/);
    expect(messageOf({ ...example, from: '2019-01-01' })).toMatch(/from: from 2019-01-01 is after to 2018-02-07/);
    expect(messageOf({ ...example, capital: 0 })).toMatch(/capital: must be > 0/);
    expect(messageOf({ ...example, capital: -5 })).toMatch(/capital/);
    expect(messageOf({ ...example, to: '2018-02-30' })).toMatch(/to: must be a date/);
    expect(messageOf({ ...example, pairs: [{ y: 'KO', x: 'KO' }] })).toMatch(/pairs\.0\.x/);
    expect(messageOf({ ...example, pairs: [{ y: '^GSPC', x: 'KO' }] })).toMatch(/pairs\.0\.y: invalid symbol/);
    expect(messageOf({ ...example, strategy: { kind: 'zscore', entry: 2, exit: 0.5, stop: 1 } })).toMatch(/strategy\.stop/);
  });
});
