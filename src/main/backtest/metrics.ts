import type { EquityRow } from '../engine/portfolio';

/**
 * Run metrics from the daily equity rows of the trading period and the round trips.
 * Conventions: simple daily returns r_t = E_t / E_{t−1} − 1, the first against capital;
 * annualisation with 252 trading days (√252 for volatility); rf is annual, taken as rf/252 a
 * day. CAGR = (E_end / capital)^(252 / n) − 1 over n daily returns. Sortino's downside
 * deviation is √(mean(min(0, r − rf/252)²)) over all days. Historical VaR_p is the loss at
 * the lower empirical quantile (sorted returns at index floor((1 − p)·n)); CVaR_p is the mean
 * of the returns at or below it, reported as a positive loss. Max drawdown duration is the
 * longest run of trading days below a previous peak. Profit factor = Σ winning net P&L /
 * |Σ losing net P&L| (Infinity with no losers, 0 with no trades). Turnover is traded notional
 * over mean equity, annualised. Exposure is the fraction of days with an open position.
 */

export interface TradeOutcome {
  readonly netPnl: number;
}

export interface Metrics {
  readonly totalReturn: number;
  readonly cagr: number;
  readonly volatility: number;
  readonly sharpe: number;
  readonly sortino: number;
  readonly calmar: number;
  readonly maxDrawdown: number;
  readonly maxDrawdownDuration: number;
  readonly var95: number;
  readonly cvar95: number;
  readonly var99: number;
  readonly cvar99: number;
  readonly hitRate: number;
  readonly profitFactor: number;
  readonly averageTrade: number;
  readonly trades: number;
  readonly turnover: number;
  readonly exposure: number;
  readonly days: number;
}

const TRADING_DAYS = 252;

export function computeMetrics(input: {
  readonly capital: number;
  readonly rows: readonly EquityRow[];
  readonly trades: readonly TradeOutcome[];
  readonly tradedNotional: number;
  readonly daysWithPosition: number;
  readonly riskFreeRate: number;
}): Metrics {
  const { capital, rows } = input;
  const returns: number[] = [];
  let previous = capital;
  for (const row of rows) {
    returns.push(row.equity / previous - 1);
    previous = row.equity;
  }
  const n = returns.length;
  const last = rows[rows.length - 1]?.equity ?? capital;
  const totalReturn = last / capital - 1;
  const cagr = n > 0 && last > 0 ? Math.pow(last / capital, TRADING_DAYS / n) - 1 : n > 0 ? -1 : 0;
  const dailyRf = input.riskFreeRate / TRADING_DAYS;
  const mean = n > 0 ? returns.reduce((sum, r) => sum + r, 0) / n : 0;
  const variance = n > 1 ? returns.reduce((sum, r) => sum + (r - mean) * (r - mean), 0) / (n - 1) : 0;
  const std = Math.sqrt(variance);
  const downside = n > 0 ? Math.sqrt(returns.reduce((sum, r) => sum + Math.min(0, r - dailyRf) ** 2, 0) / n) : 0;
  const { maxDrawdown, duration } = drawdown(capital, rows);
  const sorted = [...returns].sort((a, b) => a - b);
  const tail = (p: number): { v: number; cv: number } => {
    if (n === 0) return { v: 0, cv: 0 };
    const index = Math.min(n - 1, Math.floor((1 - p) * n));
    const q = sorted[index] as number;
    const below = sorted.slice(0, index + 1);
    return { v: -q, cv: -(below.reduce((sum, r) => sum + r, 0) / below.length) };
  };
  const t95 = tail(0.95);
  const t99 = tail(0.99);
  const wins = input.trades.filter((trade) => trade.netPnl > 0);
  const losses = input.trades.filter((trade) => trade.netPnl < 0);
  const won = wins.reduce((sum, trade) => sum + trade.netPnl, 0);
  const lost = -losses.reduce((sum, trade) => sum + trade.netPnl, 0);
  const meanEquity = n > 0 ? rows.reduce((sum, row) => sum + row.equity, 0) / n : capital;
  return {
    totalReturn,
    cagr,
    volatility: std * Math.sqrt(TRADING_DAYS),
    sharpe: std > 0 ? ((mean - dailyRf) / std) * Math.sqrt(TRADING_DAYS) : 0,
    sortino: downside > 0 ? ((mean - dailyRf) / downside) * Math.sqrt(TRADING_DAYS) : 0,
    calmar: maxDrawdown > 0 ? cagr / maxDrawdown : 0,
    maxDrawdown,
    maxDrawdownDuration: duration,
    var95: t95.v,
    cvar95: t95.cv,
    var99: t99.v,
    cvar99: t99.cv,
    hitRate: input.trades.length > 0 ? wins.length / input.trades.length : 0,
    profitFactor: input.trades.length === 0 ? 0 : lost > 0 ? won / lost : Number.POSITIVE_INFINITY,
    averageTrade: input.trades.length > 0 ? input.trades.reduce((sum, trade) => sum + trade.netPnl, 0) / input.trades.length : 0,
    trades: input.trades.length,
    turnover: n > 0 && meanEquity > 0 ? (input.tradedNotional / meanEquity) * (TRADING_DAYS / n) : 0,
    exposure: n > 0 ? input.daysWithPosition / n : 0,
    days: n,
  };
}

function drawdown(capital: number, rows: readonly EquityRow[]): { maxDrawdown: number; duration: number } {
  let peak = capital;
  let maxDrawdown = 0;
  let run = 0;
  let duration = 0;
  for (const row of rows) {
    if (row.equity >= peak) {
      peak = row.equity;
      run = 0;
    } else {
      run += 1;
      duration = Math.max(duration, run);
      maxDrawdown = Math.max(maxDrawdown, peak > 0 ? 1 - row.equity / peak : 1);
    }
  }
  return { maxDrawdown, duration };
}
