import type { CloseMatrix } from '../../core/market/series';
import type { EpochDay } from '../../core/time/epoch-day';
import type { Leg } from '../../engine/domain';
import { AppError } from '../../../shared/ipc/errors';

/**
 * What the risk analytics read: today's positions per pair and leg, the account's equity
 * history and the stored close history (a days × symbols matrix, NaN where a symbol has no
 * bar). Everything here is pure; the service fetches these from the broker and the store.
 */

export interface RiskPosition {
  readonly pairId: string;
  readonly leg: Leg;
  readonly symbol: string;
  /** Signed shares on the stored basis: negative is short. */
  readonly quantity: number;
  /** Average cost per share of the open quantity. */
  readonly averagePrice: number;
}

export interface EquityPoint {
  readonly day: EpochDay;
  readonly equity: number;
}

/** A position valued at its symbol's last stored close. */
export interface MarkedPosition extends RiskPosition {
  readonly sector: string;
  readonly lastPrice: number;
  readonly lastDay: EpochDay;
  /** quantity × lastPrice: negative for shorts. */
  readonly marketValue: number;
  readonly unrealizedPnl: number;
}

export const UNKNOWN_SECTOR = 'Unknown';

/** Column index of each symbol in the matrix. */
export function columnIndex(history: CloseMatrix): ReadonlyMap<string, number> {
  const map = new Map<string, number>();
  history.symbols.forEach((symbol, column) => map.set(symbol, column));
  return map;
}

/** The close of `column` on `row`, NaN when absent. */
export function closeAt(history: CloseMatrix, row: number, column: number): number {
  return history.closes[row * history.symbols.length + column] ?? Number.NaN;
}

/**
 * Values every position at its symbol's latest finite close. A held symbol with no stored
 * close cannot be valued, and silently valuing it at zero would understate every risk number,
 * so it is an error naming the position.
 */
export function markPositions(positions: readonly RiskPosition[], history: CloseMatrix, sectors: ReadonlyMap<string, string>): MarkedPosition[] {
  const columns = columnIndex(history);
  return positions
    .filter((position) => position.quantity !== 0)
    .map((position) => {
      const column = columns.get(position.symbol);
      if (column === undefined) {
        throw new AppError('NOT_FOUND', `No close history for ${position.symbol} (pair ${position.pairId}, leg ${position.leg})`, { symbol: position.symbol, pairId: position.pairId });
      }
      for (let row = history.days.length - 1; row >= 0; row -= 1) {
        const close = closeAt(history, row, column);
        if (Number.isFinite(close)) {
          return {
            ...position,
            sector: sectors.get(position.symbol) ?? UNKNOWN_SECTOR,
            lastPrice: close,
            lastDay: history.days[row] ?? 0,
            marketValue: position.quantity * close,
            unrealizedPnl: position.quantity * (close - position.averagePrice),
          };
        }
      }
      throw new AppError('NOT_FOUND', `No stored close for ${position.symbol} (pair ${position.pairId}, leg ${position.leg})`, { symbol: position.symbol, pairId: position.pairId });
    });
}
