import type { BacktestReport } from '../../../shared/ipc/sections/backtest';
import { epochDayToParts, formatIsoDate, type EpochDay } from '../../core/time/epoch-day';
import type { Fill } from '../../engine/domain';
import type { EquityRow } from '../../engine/portfolio';
import { rollingSpreadStats } from '../../engine/zscore-strategy';
import { AlignedMarket, type BacktestData } from '../aligned-market';
import { signalLookback } from '../signal-lookback';
import type { BacktestResult } from '../backtest-runner';

/**
 * A finished run as its tear sheet (the wire shape of backtest:get): plain JSON, dates as
 * YYYY-MM-DD, every number finite except a profit factor with no losing trade ('inf').
 * Pure and deterministic: the same result and data give the same report. Every output file
 * (output-files.ts) is rendered from this report, both in the CLI and for app exports.
 *
 * Derived here, not in the engine:
 *   - drawdown of each equity row: 1 − equity / running peak, the peak starting at capital;
 *   - monthly returns: the last equity of each calendar month over the previous month's
 *     last equity (the first month over capital), minus one;
 *   - each pair's z-score at every close of the trading period, recomputed with the
 *     strategy's own window function (rollingSpreadStats) on the same aligned closes the
 *     engine saw; null where the window refuses (warm-up, missing data);
 *   - trade markers on the decision's close: the signal date of the fill that opened (or
 *     closed) the round trip, with the z of that close.
 */
export function buildRunReport(result: BacktestResult, data: BacktestData): BacktestReport {
  const { config } = result;
  const symbols = [...new Set(config.pairs.flatMap((pair) => [pair.y, pair.x]))];
  const market = new AlignedMarket(data, symbols, config.toDay, config.data.maxForwardFillDays, config.transactionCosts.impact.window);
  const tradingRows: number[] = [];
  market.days.forEach((day, index) => {
    if (day >= config.fromDay) tradingRows.push(index);
  });
  const lookback = signalLookback(config);
  const dates = tradingRows.map((index) => formatIsoDate(market.days[index] as number));
  const last = result.equity[result.equity.length - 1];

  const pairs = config.pairs.map((pair, index) => {
    const summary = result.pairSummaries[index];
    const pairId = summary?.pairId ?? `${pair.y}/${pair.x}`;
    const y = market.symbol(pair.y);
    const x = market.symbol(pair.x);
    const zByDay = new Map<number, number | null>();
    const z = tradingRows.map((row) => {
      const stats = rollingSpreadStats(y.logClose, x.logClose, row, lookback);
      const value = stats.ok && Number.isFinite(stats.stats.z) ? stats.stats.z : null;
      zByDay.set(market.days[row] as number, value);
      return value;
    });
    const own = result.fills.filter((fill) => fill.pairId === pairId);
    const signalOf = (fillDay: EpochDay | null): EpochDay | null => (fillDay === null ? null : (own.find((fill) => fill.fillDay === fillDay)?.signalDay ?? fillDay));
    const markers = result.trades
      .filter((trade) => trade.pairId === pairId)
      .flatMap((trade) => {
        const entry = signalOf(trade.entryDay) ?? trade.entryDay;
        const marks: BacktestReport['pairs'][number]['markers'] = [
          { date: formatIsoDate(entry), kind: 'entry', direction: trade.direction, reason: `entry_${trade.direction}`, z: zByDay.get(entry) ?? null },
        ];
        const exit = signalOf(trade.exitDay);
        if (exit !== null) marks.push({ date: formatIsoDate(exit), kind: 'exit', direction: trade.direction, reason: trade.exitReason, z: zByDay.get(exit) ?? null });
        return marks;
      });
    return {
      pairId,
      y: pair.y,
      x: pair.x,
      trades: summary?.trades ?? 0,
      grossPnl: summary?.grossPnl ?? 0,
      costs: summary?.costs ?? 0,
      borrowFees: summary?.borrowFees ?? 0,
      netPnl: summary?.netPnl ?? 0,
      edgeBelowBorrow: summary?.edgeBelowBorrow ?? false,
      dates,
      z,
      markers,
    };
  });

  const { profitFactor, ...metrics } = result.metrics;
  return {
    metrics: {
      ...metrics,
      profitFactor: Number.isFinite(profitFactor) ? profitFactor : 'inf',
      betaToUniverse: result.betaToUniverse,
      riskFreeRate: config.riskFreeRate,
      finalEquity: last?.equity ?? config.capital,
    },
    costsByKind: { ...result.costsByKind },
    accrualsByKind: { ...result.accrualsByKind },
    equity: equityRows(result.equity, config.capital),
    monthlyReturns: monthlyReturns(result.equity, config.capital),
    trades: result.trades.map((trade) => ({
      pairId: trade.pairId,
      y: trade.y,
      x: trade.x,
      direction: trade.direction,
      entryDate: formatIsoDate(trade.entryDay),
      exitDate: trade.exitDay === null ? null : formatIsoDate(trade.exitDay),
      quantityY: trade.quantityY,
      quantityX: trade.quantityX,
      grossPnl: trade.grossPnl,
      costs: trade.costs,
      accruals: trade.accruals,
      netPnl: trade.netPnl,
      exitReason: trade.exitReason,
    })),
    fills: result.fills.map(fillRow),
    accruals: result.accruals.map((accrual) => ({ date: formatIsoDate(accrual.day), kind: accrual.kind, pairId: accrual.pairId, symbol: accrual.symbol, amount: accrual.amount })),
    pairs,
    warnings: [...result.warnings],
    decisionCounts: { ...result.decisionCounts },
    noDecisionCounts: { ...result.noDecisionCounts },
    events: result.events.map((event) => ({ date: formatIsoDate(event.day), kind: event.kind, pairId: event.pairId, detail: event.detail })),
  };
}

/** One fill as the wire and fills.csv carry it (also the research reports' stitched OOS fills). */
export function fillRow(fill: Fill): BacktestReport['fills'][number] {
  return {
    pairId: fill.pairId,
    leg: fill.leg,
    signalDate: formatIsoDate(fill.signalDay),
    fillDate: formatIsoDate(fill.fillDay),
    symbol: fill.symbol,
    side: fill.side,
    quantity: fill.quantity,
    price: fill.price,
    tradedPrice: fill.tradedPrice,
    tradedQuantity: fill.tradedQuantity,
    commission: fill.costs.commission,
    secFee: fill.costs.secFee,
    finraTaf: fill.costs.finraTaf,
    slippage: fill.costs.slippage,
    impact: fill.costs.impact,
  };
}

function equityRows(rows: readonly EquityRow[], capital: number): BacktestReport['equity'] {
  let peak = capital;
  return rows.map((row) => {
    peak = Math.max(peak, row.equity);
    return {
      date: formatIsoDate(row.day),
      cash: row.cash,
      marketValue: row.marketValue,
      equity: row.equity,
      realizedPnl: row.realizedPnl,
      unrealizedPnl: row.unrealizedPnl,
      costs: row.costs,
      accruals: row.accruals,
      drawdown: peak > 0 && row.equity < peak ? 1 - row.equity / peak : 0,
    };
  });
}

function monthlyReturns(rows: readonly EquityRow[], capital: number): BacktestReport['monthlyReturns'] {
  const months: BacktestReport['monthlyReturns'] = [];
  let base = capital;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as EquityRow;
    const next = rows[i + 1];
    const { year, month } = epochDayToParts(row.day);
    const nextParts = next === undefined ? null : epochDayToParts(next.day);
    if (nextParts !== null && nextParts.year === year && nextParts.month === month) continue;
    months.push({ year, month, return: base > 0 ? row.equity / base - 1 : 0 });
    base = row.equity;
  }
  return months;
}
