import type { BacktestCsvFile, BacktestReport } from '../../../shared/ipc/sections/backtest';
import { assertNever } from '../../../shared/ipc/errors';
import { csvText } from './number-format';

/**
 * The CSV files of a run's output folder, columns as issue 13 lists them (the issue's
 * columns first, in its order; extra columns after). Money is in dollars; quantities are
 * positive share counts with the side giving the direction (fills), or signed shares at
 * entry (trades).
 */

export const fillsColumns = [
  'signal_date', 'fill_date', 'symbol', 'side', 'quantity', 'price', 'traded_price', 'traded_quantity',
  'commission', 'sec_fee', 'finra_taf', 'slippage', 'impact', 'pair', 'leg',
] as const;

export const accrualsColumns = ['date', 'pair', 'symbol', 'borrow_fee', 'margin_interest', 'short_rebate', 'dividend'] as const;

export const equityColumns = ['date', 'cash', 'market_value', 'equity', 'realized_pnl', 'unrealized_pnl', 'costs', 'accruals', 'drawdown'] as const;

export const tradesColumns = [
  'pair', 'y', 'x', 'direction', 'entry_date', 'exit_date', 'quantity_y', 'quantity_x', 'gross_pnl', 'costs', 'accruals', 'net_pnl', 'exit_reason',
] as const;

export function fillsCsv(report: BacktestReport): string {
  return csvText(
    fillsColumns,
    report.fills.map((f) => [f.signalDate, f.fillDate, f.symbol, f.side, f.quantity, f.price, f.tradedPrice, f.tradedQuantity, f.commission, f.secFee, f.finraTaf, f.slippage, f.impact, f.pairId, f.leg]),
  );
}

/**
 * One row per (day, pair, symbol) with any accrual, one column per kind (signed: negative is
 * paid). Margin interest is the account's: its row has no pair and no symbol.
 */
export function accrualsCsv(report: BacktestReport): string {
  const rows = new Map<string, [string, string, string, number, number, number, number]>();
  for (const accrual of report.accruals) {
    const key = `${accrual.date}\u0000${accrual.pairId}\u0000${accrual.symbol}`;
    const row = rows.get(key) ?? [accrual.date, accrual.pairId, accrual.symbol, 0, 0, 0, 0];
    switch (accrual.kind) {
      case 'borrow_fee':
        row[3] += accrual.amount;
        break;
      case 'margin_interest':
        row[4] += accrual.amount;
        break;
      case 'short_rebate':
        row[5] += accrual.amount;
        break;
      case 'dividend':
        row[6] += accrual.amount;
        break;
      default:
        assertNever(accrual.kind, 'accrual kind');
    }
    rows.set(key, row);
  }
  return csvText(accrualsColumns, [...rows.values()]);
}

export function equityCsv(report: BacktestReport): string {
  return csvText(
    equityColumns,
    report.equity.map((r) => [r.date, r.cash, r.marketValue, r.equity, r.realizedPnl, r.unrealizedPnl, r.costs, r.accruals, r.drawdown]),
  );
}

export function tradesCsv(report: BacktestReport): string {
  return csvText(
    tradesColumns,
    report.trades.map((t) => [t.pairId, t.y, t.x, t.direction, t.entryDate, t.exitDate, t.quantityY, t.quantityX, t.grossPnl, t.costs, t.accruals, t.netPnl, t.exitReason]),
  );
}

export function csvFile(report: BacktestReport, file: BacktestCsvFile): string {
  switch (file) {
    case 'fills.csv':
      return fillsCsv(report);
    case 'accruals.csv':
      return accrualsCsv(report);
    case 'equity.csv':
      return equityCsv(report);
    case 'trades.csv':
      return tradesCsv(report);
    default:
      return assertNever(file, 'csv file');
  }
}
