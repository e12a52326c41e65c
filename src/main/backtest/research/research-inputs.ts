import { createHash } from 'node:crypto';
import { AppError } from '../../../shared/ipc/errors';
import type { OhlcvColumns } from '../../core/market/series';
import { formatIsoDate, parseIsoDate, type EpochDay } from '../../core/time/epoch-day';
import type { BarSet, BarSetRef } from '../../jobs/named-inputs';
import type { Store } from '../../store/db';
import { BacktestInputsRepo } from '../../store/repos/backtest-inputs.repo';
import type { BacktestDataVersion } from '../../store/repos/backtest-runs.repo';
import { BarsRepo } from '../../store/repos/bars.repo';
import { CorporateActionsRepo } from '../../store/repos/corporate-actions.repo';
import { InstrumentsRepo } from '../../store/repos/instruments.repo';
import type { SharedInputCache } from '../../workers/shared-inputs';
import type { VendoredActions } from '../backtest-data-loader';
import { mergeActions } from '../traded-basis';
import { researchData, type SymbolBasisInput } from './research-data';

/**
 * Main's half of a research job's data: which bars the workers share (a `barSet` reference
 * the runner resolves ONCE into shared memory through the loader registered here) and the
 * plain per-symbol basis + actions the workers rebuild the traded basis from. The bar set
 * holds every stored bar of the symbols up to the job's last day, the series the single
 * run's loader measures dividend factors on (backtest-data-loader.ts).
 *
 * The reference names the symbols and the last day; its dataVersion is a digest of the bars,
 * so a copy is never reused after the bars changed, and the loader refuses bars that no
 * longer match the digest the job was planned on (CONFLICT) rather than run on other data.
 */

const KEY_PREFIX = 'backtest-bars';

export interface ResearchInputs {
  readonly ref: BarSetRef;
  readonly basis: readonly SymbolBasisInput[];
  readonly dataVersion: BacktestDataVersion;
  /** What the traded-basis conversion warns about (e.g. a symbol with no known actions). */
  readonly warnings: readonly string[];
}

export interface ResearchSpan {
  /** The run's window: every symbol needs a bar in it. */
  readonly fromDay: EpochDay;
  readonly toDay: EpochDay;
  /** True: the shared bars start at fromDay (walk-forward); false: every stored bar up to toDay (a sweep, like a single run's loader). */
  readonly cutAtFrom: boolean;
}

/** `backtest-bars:[FROM]..TO:SYM,SYM…`; an empty FROM means every stored bar up to TO. */
export function barSetKey(symbols: readonly string[], fromDay: EpochDay | null, toDay: EpochDay): string {
  return `${KEY_PREFIX}:${fromDay === null ? '' : formatIsoDate(fromDay)}..${formatIsoDate(toDay)}:${symbols.join(',')}`;
}

interface BarSetSpan {
  readonly symbols: string[];
  readonly fromDay: EpochDay | null;
  readonly toDay: EpochDay;
}

function parseBarSetKey(key: string): BarSetSpan {
  const [prefix, range, list] = key.split(':');
  const [from, to] = (range ?? '').split('..');
  const toDay = to === undefined ? null : parseIsoDate(to);
  const fromDay = from === undefined || from === '' ? null : parseIsoDate(from);
  if (prefix !== KEY_PREFIX || toDay === null || (from !== undefined && from !== '' && fromDay === null) || list === undefined || list === '') {
    throw new AppError('VALIDATION_FAILED', `barSet: ${key} is not a backtest bar-set key`, { field: 'barSet.key', key });
  }
  return { symbols: list.split(','), fromDay, toDay };
}

function readBars(store: Store, span: BarSetSpan): OhlcvColumns[] {
  const repo = new BarsRepo(store.db);
  return span.symbols.map((symbol) => repo.bars(symbol, span.fromDay === null ? { to: span.toDay } : { from: span.fromDay, to: span.toDay }));
}

/** A digest of the bar columns, as a safe integer (the named-input cache's data version). */
function barsDigest(symbols: readonly string[], bars: readonly OhlcvColumns[]): { readonly hex: string; readonly version: number } {
  const hash = createHash('sha256');
  symbols.forEach((symbol, index) => {
    const series = bars[index];
    if (series === undefined) return;
    hash.update(`${symbol}:${series.days.length};`);
    for (const column of [series.days, series.open, series.high, series.low, series.close, series.volume]) hash.update(new Uint8Array(column.buffer, column.byteOffset, column.byteLength));
  });
  const hex = hash.digest('hex');
  return { hex, version: Number.parseInt(hex.slice(0, 12), 16) };
}

/**
 * Plans a job's data: the symbols must be known with bars (VALIDATION_FAILED naming the
 * symbol otherwise; the CLI maps it to 65), and the data version covers the bars, basis and
 * actions the workers will receive.
 */
export function researchInputs(store: Store, symbols: readonly string[], window: ResearchSpan, vendored: VendoredActions): ResearchInputs {
  const { fromDay, toDay } = window;
  const instruments = new InstrumentsRepo(store.db);
  const actionsRepo = new CorporateActionsRepo(store.db);
  const sorted = [...new Set(symbols)].sort();
  const basis: SymbolBasisInput[] = sorted.map((symbol) => {
    const record = instruments.get(symbol);
    if (record === undefined || record.barCount === 0 || record.basis === null) {
      throw new AppError('VALIDATION_FAILED', `${symbol}: unknown symbol (no bars in the store)`, { field: 'pairs', symbol });
    }
    return { symbol, basis: record.basis, actions: mergeActions(actionsRepo.forSymbol(symbol), vendored.get(symbol) ?? []) };
  });
  const span: BarSetSpan = { symbols: sorted, fromDay: window.cutAtFrom ? fromDay : null, toDay };
  const bars = readBars(store, span);
  bars.forEach((series, index) => {
    const inWindow = series.days.some((day) => day >= fromDay);
    if (!inWindow) throw new AppError('VALIDATION_FAILED', `from/to: ${sorted[index] ?? ''} has no bars between ${formatIsoDate(fromDay)} and ${formatIsoDate(toDay)}`, { field: 'from', symbol: sorted[index] });
  });
  const digest = barsDigest(sorted, bars);
  const inputs = createHash('sha256').update(digest.hex).update(JSON.stringify(basis)).digest('hex');
  const firstDay = Math.min(...bars.map((series) => series.days[0] ?? toDay));
  return {
    ref: { key: barSetKey(sorted, span.fromDay, toDay), dataVersion: digest.version },
    basis,
    warnings: researchData({ symbols: sorted, bars }, basis).warnings ?? [],
    dataVersion: { datasets: new BacktestInputsRepo(store.db).supplyingDatasets(sorted, firstDay, toDay), inputsSha256: inputs },
  };
}

/** The `barSet` source: reads the reference's symbols up to its last day from the store. */
export function loadBarSet(store: Store, ref: BarSetRef): BarSet {
  const span = parseBarSetKey(ref.key);
  const { symbols } = span;
  const bars = readBars(store, span);
  if (barsDigest(symbols, bars).version !== ref.dataVersion) {
    throw new AppError('CONFLICT', `barSet ${ref.key}: the stored bars changed since the job was planned; run it again.`, { key: ref.key });
  }
  return { symbols, bars };
}

/** Registers the `barSet` named input's source (create-app-core.ts and the CLI call this once). */
export function provideBarSet(inputs: SharedInputCache, store: Store): void {
  inputs.provide('barSet', (ref) => loadBarSet(store, ref));
}
