import { createHash } from 'node:crypto';
import { AppError } from '../../shared/ipc/errors';
import type { OhlcvColumns } from '../core/market/series';
import { formatIsoDate } from '../core/time/epoch-day';
import type { BasisAction } from '../data/actions/price-basis';
import type { Store } from '../store/db';
import { BacktestInputsRepo } from '../store/repos/backtest-inputs.repo';
import type { BacktestDataVersion } from '../store/repos/backtest-runs.repo';
import { BarsRepo } from '../store/repos/bars.repo';
import { CorporateActionsRepo } from '../store/repos/corporate-actions.repo';
import { InstrumentsRepo } from '../store/repos/instruments.repo';
import type { BacktestData } from './aligned-market';
import type { BacktestConfig } from './backtest-config';
import { signalLookback } from './signal-lookback';
import { mergeActions, tradedBasisData, type StoredSymbol } from './traded-basis';

/** Vendored actions (resources/corporate-actions), by symbol. */
export type VendoredActions = ReadonlyMap<string, readonly BasisAction[]>;

export interface LoadedBacktestData {
  readonly data: BacktestData;
  readonly dataVersion: BacktestDataVersion;
}

/**
 * Rows kept before `from` per symbol. Everything the engine computes at a close looks back at
 * most max(lookback, impact window) rows, plus the forward-fill gap; a fixed margin over that
 * keeps the result independent of how much older history happens to be stored.
 */
export function warmupRows(config: BacktestConfig): number {
  return Math.max(signalLookback(config), config.transactionCosts.impact.window) + config.data.maxForwardFillDays + 10;
}


/**
 * Checks that the store can serve the config: every symbol known, with bars in the window.
 * Failures are VALIDATION_FAILED naming the field (the CLI maps them to 65, "data error").
 */
export function checkServable(store: Store, config: BacktestConfig): void {
  const instruments = new InstrumentsRepo(store.db);
  const bars = new BarsRepo(store.db);
  const seen = new Set<string>();
  config.pairs.forEach((pair, index) => {
    for (const leg of ['y', 'x'] as const) {
      const symbol = pair[leg];
      if (seen.has(symbol)) continue;
      seen.add(symbol);
      const record = instruments.get(symbol);
      if (record === undefined || record.barCount === 0) {
        throw new AppError('VALIDATION_FAILED', `pairs.${index}.${leg}: unknown symbol ${symbol} (no bars in the store)`, { field: `pairs.${index}.${leg}`, symbol });
      }
      if (bars.bars(symbol, { from: config.fromDay, to: config.toDay }).days.length === 0) {
        throw new AppError('VALIDATION_FAILED', `from/to: ${symbol} has no bars between ${config.from} and ${config.to} (stored ${record.firstDay === null ? '' : formatIsoDate(record.firstDay)}..${record.lastDay === null ? '' : formatIsoDate(record.lastDay)})`, {
          field: 'from',
          symbol,
        });
      }
    }
  });
}

/** Reads the bars (with warm-up before `from`), basis and actions of the config's symbols. */
export function loadBacktestData(store: Store, config: BacktestConfig, vendored: VendoredActions): LoadedBacktestData {
  checkServable(store, config);
  const instruments = new InstrumentsRepo(store.db);
  const barsRepo = new BarsRepo(store.db);
  const actionsRepo = new CorporateActionsRepo(store.db);
  const symbols = [...new Set(config.pairs.flatMap((pair) => [pair.y, pair.x]))];
  const warmup = warmupRows(config);
  const stored: StoredSymbol[] = [];
  const trimmed = new Map<string, OhlcvColumns>();
  let firstDay = config.fromDay;
  for (const symbol of symbols) {
    const full = barsRepo.bars(symbol, { to: config.toDay });
    const basis = instruments.get(symbol)?.basis ?? null;
    if (basis === null) throw new AppError('VALIDATION_FAILED', `pairs: ${symbol} has no stored basis (no bars)`, { field: 'pairs', symbol });
    const storedActions: BasisAction[] = actionsRepo.forSymbol(symbol);
    // Dividend factors are measured on the full series; the engine gets the trimmed one.
    stored.push({ symbol, bars: full, basis, actions: mergeActions(storedActions, vendored.get(symbol) ?? []) });
    const bars = trimWarmup(full, config.fromDay, warmup);
    trimmed.set(symbol, bars);
    firstDay = Math.min(firstDay, bars.days[0] ?? firstDay);
  }
  const converted = tradedBasisData(stored);
  const data: BacktestData = { bars: trimmed, actions: converted.actions, priceBasis: converted.priceBasis, warnings: converted.warnings };
  return { data, dataVersion: { datasets: new BacktestInputsRepo(store.db).supplyingDatasets(symbols, firstDay, config.toDay), inputsSha256: inputsHash(stored, data) } };
}

function trimWarmup(bars: OhlcvColumns, fromDay: number, rows: number): OhlcvColumns {
  let first = 0;
  while (first < bars.days.length && (bars.days[first] as number) < fromDay) first++;
  const start = Math.max(0, first - rows);
  if (start === 0) return bars;
  return {
    days: bars.days.slice(start),
    open: bars.open.slice(start),
    high: bars.high.slice(start),
    low: bars.low.slice(start),
    close: bars.close.slice(start),
    volume: bars.volume.slice(start),
  };
}

/** sha-256 over what the engine received: per symbol its basis, actions and bar columns. */
function inputsHash(stored: readonly StoredSymbol[], data: BacktestData): string {
  const hash = createHash('sha256');
  for (const entry of stored) {
    const bars = data.bars.get(entry.symbol);
    if (bars === undefined) continue;
    hash.update(JSON.stringify({ symbol: entry.symbol, basis: entry.basis, actions: data.actions?.get(entry.symbol) ?? [], rows: bars.days.length }));
    for (const column of [bars.days, bars.open, bars.high, bars.low, bars.close, bars.volume]) hash.update(new Uint8Array(column.buffer, column.byteOffset, column.byteLength));
  }
  return hash.digest('hex');
}
