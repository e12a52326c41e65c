import { describe, expect, it } from 'vitest';
import { accrualsCsv, equityCsv, fillsCsv, tradesCsv } from '../../../../src/main/backtest/output/csv-files';
import { csvField, formatNumber } from '../../../../src/main/backtest/output/number-format';
import { outputFiles } from '../../../../src/main/backtest/output/output-files';
import { summaryJson } from '../../../../src/main/backtest/output/summary-file';
import type { BacktestReport } from '../../../../src/shared/ipc/sections/backtest';

const zeroCosts = { commission: 0, secFee: 0, finraTaf: 0, slippage: 0, impact: 0 };
const zeroAccruals = { borrow_fee: 0, margin_interest: 0, short_rebate: 0, dividend: 0 };

/** A two-day report small enough to check every byte by hand. */
function report(overrides: Partial<BacktestReport> = {}): BacktestReport {
  return {
    metrics: {
      totalReturn: 0.001, cagr: 0.1, volatility: 0.2, sharpe: 1.5, sortino: 2, calmar: 3, maxDrawdown: 0.01, maxDrawdownDuration: 1,
      var95: 0.01, cvar95: 0.02, var99: 0.03, cvar99: 0.04, hitRate: 1, profitFactor: 'inf', averageTrade: 1000, trades: 1,
      turnover: 1, exposure: 0.5, days: 2, betaToUniverse: 0, riskFreeRate: 0, finalEquity: 1_001_000,
    },
    costsByKind: { ...zeroCosts, commission: 2 },
    accrualsByKind: { ...zeroAccruals, borrow_fee: -0.5 },
    equity: [
      { date: '2014-02-10', cash: 1_000_000, marketValue: 0, equity: 1_000_000, realizedPnl: 0, unrealizedPnl: 0, costs: 0, accruals: 0, drawdown: 0 },
      { date: '2014-02-11', cash: 40_000.5, marketValue: 960_999.5, equity: 1_001_000, realizedPnl: -0, unrealizedPnl: 1002.5, costs: 2, accruals: -0.5, drawdown: 0 },
    ],
    monthlyReturns: [{ year: 2014, month: 2, return: 0.001 }],
    trades: [{ pairId: 'KO/PEP', y: 'KO', x: 'PEP', direction: 'long', entryDate: '2014-02-11', exitDate: null, quantityY: 100, quantityX: -50, grossPnl: 1002.5, costs: 2, accruals: -0.5, netPnl: 1000, exitReason: 'open_at_end' }],
    fills: [{ pairId: 'KO/PEP', leg: 'y', signalDate: '2014-02-10', fillDate: '2014-02-11', symbol: 'KO', side: 'BUY', quantity: 100, price: 37.1, tradedPrice: 37.1, tradedQuantity: 100, ...zeroCosts, commission: 1 }],
    accruals: [
      { date: '2014-02-11', kind: 'borrow_fee', pairId: 'KO/PEP', symbol: 'PEP', amount: -0.5 },
      { date: '2014-02-11', kind: 'short_rebate', pairId: 'KO/PEP', symbol: 'PEP', amount: 0.1 },
      { date: '2014-02-11', kind: 'margin_interest', pairId: '', symbol: '', amount: -0.25 },
    ],
    pairs: [],
    warnings: ['KO: no known corporate actions'],
    decisionCounts: { enter_long: 1 },
    noDecisionCounts: { warmup: 60, in_band: 1 },
    events: [],
    ...overrides,
  };
}

const provenance = { config: { seed: 7, capital: 1_000_000, fill: 'next_open', strategy: { entry: 2, exit: 0.5, stop: 4 } }, dataVersion: { datasets: [{ id: 1, source: 's', version: 1 }], inputsSha256: 'ab'.repeat(32) }, codeVersion: 'arbdesk 0.0.0' };

describe('output files', () => {
  it('writes numbers as the shortest round-tripping text, -0 as 0 and non-finite as words', () => {
    expect([0.1 + 0.2, -0, 1e21, 1e-7, Number.POSITIVE_INFINITY, Number.NaN].map(formatNumber)).toEqual(['0.30000000000000004', '0', '1e+21', '1e-7', 'inf', 'nan']);
    expect(Number(formatNumber(0.1 + 0.2))).toBe(0.1 + 0.2);
    expect([csvField('KO/PEP#2'), csvField('a,b'), csvField('say "x"'), csvField(null)]).toEqual(['KO/PEP#2', '"a,b"', '"say ""x"""', '']);
  });

  it('fills, equity and trades carry the issue\'s columns first, one line per row, LF ends', () => {
    expect(fillsCsv(report())).toBe(
      'signal_date,fill_date,symbol,side,quantity,price,traded_price,traded_quantity,commission,sec_fee,finra_taf,slippage,impact,pair,leg\n' +
        '2014-02-10,2014-02-11,KO,BUY,100,37.1,37.1,100,1,0,0,0,0,KO/PEP,y\n',
    );
    expect(equityCsv(report()).split('\n')[2]).toBe('2014-02-11,40000.5,960999.5,1001000,0,1002.5,2,-0.5,0');
    expect(tradesCsv(report())).toBe(
      'pair,y,x,direction,entry_date,exit_date,quantity_y,quantity_x,gross_pnl,costs,accruals,net_pnl,exit_reason\n' +
        'KO/PEP,KO,PEP,long,2014-02-11,,100,-50,1002.5,2,-0.5,1000,open_at_end\n',
    );
  });

  it('accruals.csv has one row per day, pair and symbol with a column per kind; margin interest is the account\'s', () => {
    expect(accrualsCsv(report())).toBe('date,pair,symbol,borrow_fee,margin_interest,short_rebate,dividend\n2014-02-11,KO/PEP,PEP,-0.5,0,0.1,0\n2014-02-11,,,0,-0.25,0,0\n');
  });

  it('summary.json sorts its count tables and holds provenance but no run id, time or path', () => {
    const summary = JSON.parse(summaryJson({ report: report(), ...provenance })) as Record<string, unknown>;
    expect(Object.keys(summary['noDecisions'] as object)).toEqual(['in_band', 'warmup']);
    expect(summary).toMatchObject({ seed: 7, codeVersion: 'arbdesk 0.0.0', metrics: { profitFactor: 'inf', riskFreeRate: 0 }, annualization: { tradingDays: 252 } });
  });

  it('renders the same bytes for the same report, and a self-contained report.html', () => {
    const files = outputFiles({ report: report(), ...provenance });
    expect(outputFiles({ report: structuredClone(report()), ...provenance })).toEqual(files);
    const html = files.find((file) => file.name === 'report.html')?.content ?? '';
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">/);
    expect(html).not.toMatch(/<script|https?:\/\/|src=|href=|url\(/i);
    expect(html).toContain('KO: no known corporate actions');
    expect(html).toContain('<svg');
  });
});
