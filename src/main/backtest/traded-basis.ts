import type { AdjustmentBasis } from '../../shared/domain/market-data';
import { assertNever } from '../../shared/ipc/errors';
import type { OhlcvColumns } from '../core/market/series';
import { adjustedPrice, factorsFor, tradedPrice, tradedShares, type AdjustmentFactors, type BasisAction } from '../data/actions/price-basis';
import type { PriceBasisPort } from '../engine/ports';
import type { BacktestData, CorporateAction } from './aligned-market';

/**
 * From stored bars and the known corporate actions to what the engine needs: the bars on
 * their stored basis, the actions the runner books (expressed on that basis), and the
 * price-basis port that gives the as-traded price and share count (data/actions/price-basis).
 * Pure: no I/O.
 *
 * Per stored basis:
 *   - raw: the bars are as traded (the port is the identity); splits rescale open books on
 *     their ex-date and cash dividends are booked on the ex-date, both as traded;
 *   - split: a split is already in the prices, so none is booked; the port divides prices
 *     and multiplies share counts by the split factor (700 adjusted AAPL shares in 2013 were
 *     100 real ones); a dividend is booked per stored share, c · φ_split(ex-date);
 *   - split_dividend: nothing is booked (it would double count); the port undoes both.
 * A symbol with no known action is taken as traded, with a warning in the run: if it did
 * split, its share counts and per-share costs are off by the ratio.
 */

export interface StoredSymbol {
  readonly symbol: string;
  /** Every stored bar up to the run's `to` (dividend factors are measured from these closes). */
  readonly bars: OhlcvColumns;
  readonly basis: AdjustmentBasis;
  /** Known splits and dividends, any order. */
  readonly actions: readonly BasisAction[];
}

export function tradedBasisData(symbols: readonly StoredSymbol[]): Required<Pick<BacktestData, 'actions' | 'priceBasis' | 'warnings'>> & Pick<BacktestData, 'bars'> {
  const bars = new Map<string, OhlcvColumns>();
  const actions = new Map<string, CorporateAction[]>();
  const factors = new Map<string, { readonly factors: AdjustmentFactors; readonly basis: AdjustmentBasis }>();
  const warnings: string[] = [];
  for (const stored of symbols) {
    bars.set(stored.symbol, stored.bars);
    if (stored.actions.length === 0) {
      warnings.push(`${stored.symbol}: no known corporate actions; its stored (${stored.basis}) prices are taken as traded`);
      continue;
    }
    const sorted = [...stored.actions].sort((a, b) => a.day - b.day || a.kind.localeCompare(b.kind));
    const symbolFactors = factorsFor(stored.bars, stored.basis, sorted);
    factors.set(stored.symbol, { factors: symbolFactors, basis: stored.basis });
    for (const warning of symbolFactors.warnings) {
      // Dividend warnings matter only where dividends enter the prices.
      const aboutDividends = warning.code === 'no_dividend_actions' || warning.code === 'dividend_reference_estimated';
      if (aboutDividends && stored.basis !== 'split_dividend') continue;
      warnings.push(`${stored.symbol}: ${warning.message}`);
    }
    actions.set(stored.symbol, bookedActions(sorted, stored.basis, symbolFactors));
  }
  const priceBasis: PriceBasisPort = {
    tradedPrice: (symbol, day, storedPrice) => {
      const entry = factors.get(symbol);
      return entry === undefined ? storedPrice : tradedPrice(storedPrice, day, entry.factors, entry.basis);
    },
    tradedShares: (symbol, day, storedShares) => {
      const entry = factors.get(symbol);
      return entry === undefined ? storedShares : tradedShares(storedShares, day, entry.factors, entry.basis);
    },
  };
  return { bars, actions, priceBasis, warnings };
}

function bookedActions(sorted: readonly BasisAction[], basis: AdjustmentBasis, factors: AdjustmentFactors): CorporateAction[] {
  switch (basis) {
    case 'raw':
      return sorted.map((action) =>
        action.kind === 'split'
          ? { day: action.day, kind: 'split', ratio: action.numerator / action.denominator }
          : { day: action.day, kind: 'dividend', amount: action.cashAmount },
      );
    case 'split':
      return sorted.flatMap((action): CorporateAction[] =>
        action.kind === 'dividend' ? [{ day: action.day, kind: 'dividend', amount: adjustedPrice(action.cashAmount, action.day, factors, 'split') }] : [],
      );
    case 'split_dividend':
      return [];
    default:
      return assertNever(basis, 'price basis');
  }
}

/**
 * The store's actions plus vendored ones the store lacks: a vendored split is added only
 * when the store has no split of that symbol on the same day (the store's own, imported or
 * inferred, wins: the user may have corrected it).
 */
export function mergeActions(stored: readonly BasisAction[], vendored: readonly BasisAction[]): BasisAction[] {
  const splitDays = new Set(stored.filter((action) => action.kind === 'split').map((action) => action.day));
  return [...stored, ...vendored.filter((action) => action.kind === 'split' && !splitDays.has(action.day))];
}
