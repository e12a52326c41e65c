import type { BacktestTrade } from '../../../shared/ipc/sections/backtest';
import { formatInteger } from '../../lib/format';
import { formatMoney } from './metric-format';

/** Rows drawn at once; a run over hundreds of pairs has more round trips than a page can show. */
const SHOWN = 1000;

/** Every round trip: dates, legs, quantities, gross and net P&L, costs, why it ended. */
export function TradesTable({ trades }: { readonly trades: readonly BacktestTrade[] }) {
  if (trades.length === 0) return <p className="muted">No round trips: the strategy never entered.</p>;
  const shown = trades.slice(0, SHOWN);
  return (
    <div className="table-scroll bt-trades">
      <table className="grid" aria-label="Trades">
        <thead>
          <tr>
            <th scope="col">Pair</th>
            <th scope="col">Side</th>
            <th scope="col">Entry</th>
            <th scope="col">Exit</th>
            <th scope="col" className="num">Qty Y</th>
            <th scope="col" className="num">Qty X</th>
            <th scope="col" className="num">Gross P&amp;L</th>
            <th scope="col" className="num">Costs</th>
            <th scope="col" className="num">Accruals</th>
            <th scope="col" className="num">Net P&amp;L</th>
            <th scope="col">Exit reason</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((trade, index) => (
            <tr key={`${trade.pairId}-${trade.entryDate}-${index}`}>
              <td className="nowrap">
                {trade.y} / {trade.x}
              </td>
              <td>{trade.direction === 'long' ? 'long spread' : 'short spread'}</td>
              <td className="nowrap">{trade.entryDate}</td>
              <td className="nowrap">{trade.exitDate ?? 'open'}</td>
              <td className="num">{formatInteger(trade.quantityY)}</td>
              <td className="num">{formatInteger(trade.quantityX)}</td>
              <td className={trade.grossPnl < 0 ? 'num negative' : 'num'}>{formatMoney(trade.grossPnl)}</td>
              <td className="num">{formatMoney(trade.costs)}</td>
              <td className="num">{formatMoney(trade.accruals)}</td>
              <td className={trade.netPnl < 0 ? 'num negative' : 'num'} data-value={trade.netPnl}>
                {formatMoney(trade.netPnl)}
              </td>
              <td>{trade.exitReason.replaceAll('_', ' ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {trades.length > SHOWN ? (
        <p className="muted">
          Showing the first {formatInteger(SHOWN)} of {formatInteger(trades.length)} round trips; the CSV export has them all.
        </p>
      ) : null}
    </div>
  );
}
