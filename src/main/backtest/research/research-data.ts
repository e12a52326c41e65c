import type { AdjustmentBasis } from '../../../shared/domain/market-data';
import type { BasisAction } from '../../data/actions/price-basis';
import type { BarSet } from '../../jobs/named-inputs';
import type { OhlcvColumns } from '../../core/market/series';
import type { BacktestData } from '../aligned-market';
import { tradedBasisData, type StoredSymbol } from '../traded-basis';

/**
 * What a sweep or walk-forward worker needs, besides the shared bars, to price like a single
 * run: per symbol its stored basis and the known corporate actions (stored + vendored, merged
 * as the single run's loader merges them). Plain data: it crosses the thread boundary by
 * structured clone, and the worker rebuilds the traded-basis converter (traded-basis.ts)
 * from it, so sweeps and walk-forward size in traded shares exactly like `backtest:run`.
 */
export interface SymbolBasisInput {
  readonly symbol: string;
  readonly basis: AdjustmentBasis;
  readonly actions: readonly BasisAction[];
}

/**
 * The backtest data of a research job inside its worker: the shared bars (every stored bar up
 * to the job's last day, the same series the single run's loader measures dividend factors
 * on), the actions the runner books and the price-basis port, rebuilt from plain data.
 */
export function researchData(set: BarSet, basis: readonly SymbolBasisInput[]): BacktestData {
  const bySymbol = new Map<string, OhlcvColumns>();
  set.symbols.forEach((symbol, index) => {
    const columns = set.bars[index];
    if (columns !== undefined) bySymbol.set(symbol, columns);
  });
  const stored: StoredSymbol[] = basis.flatMap((entry) => {
    const bars = bySymbol.get(entry.symbol);
    return bars === undefined ? [] : [{ symbol: entry.symbol, bars, basis: entry.basis, actions: entry.actions }];
  });
  const converted = tradedBasisData(stored);
  // A symbol in the bar set without a basis entry is still tradable, on its stored prices.
  const bars = new Map(bySymbol);
  return { bars, actions: converted.actions, priceBasis: converted.priceBasis, warnings: converted.warnings };
}
