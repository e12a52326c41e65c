import type Database from 'better-sqlite3';
import type { AdjustmentBasis } from '../../../shared/domain/market-data';
import { AppError, strictAssert } from '../../../shared/ipc/errors';
import { alignCloses, MAX_DAY, MIN_DAY, sliceSeries } from '../../core/market/close-matrix';
import type { InstrumentRecord } from '../../core/market/market-records';
import type { CloseSeries, DayRange, OhlcvColumns } from '../../core/market/series';
import { BarsRepo } from '../../store/repos/bars.repo';
import { CorporateActionsRepo } from '../../store/repos/corporate-actions.repo';
import { InstrumentsRepo } from '../../store/repos/instruments.repo';
import { closesToBasis, toBasis } from '../actions/price-basis';
import type { BasisCloseMatrix, BasisSeries, CloseMatrixRequest, MarketDataProvider, SeriesRequest, SeriesWarning } from './market-data-provider';

/** Reads the local SQLite store; the store is synchronous, so each call resolves at once. */
export class LocalStoreProvider implements MarketDataProvider {
  readonly name = 'local-store';
  private readonly bars: BarsRepo;
  private readonly instruments: InstrumentsRepo;
  private readonly actions: CorporateActionsRepo;

  constructor(store: { readonly db: Database.Database }) {
    this.bars = new BarsRepo(store.db);
    this.instruments = new InstrumentsRepo(store.db);
    this.actions = new CorporateActionsRepo(store.db);
  }

  async getSeries(request: SeriesRequest): Promise<BasisSeries> {
    const range = checkedRange(request.range);
    const stored = this.basisOf(request.symbol);
    const basis = request.basis ?? stored;
    if (basis === stored) return { symbol: request.symbol, basis, warnings: [], ...this.bars.bars(request.symbol, range) };
    // Convert the whole series (dividend factors need the bar before each ex-date), then slice.
    const full = this.bars.bars(request.symbol);
    const converted = toBasis(full, this.actions.forSymbol(request.symbol), stored, basis);
    return { symbol: request.symbol, basis, warnings: tag(request.symbol, converted.warnings), ...sliceColumns(converted.series, range) };
  }

  async getCloses(symbol: string): Promise<CloseSeries> {
    return this.bars.loadCloses(symbol);
  }

  async getCloseMatrix(request: CloseMatrixRequest): Promise<BasisCloseMatrix> {
    const range = checkedRange(request.range);
    const bases = this.instruments.basesBySymbol();
    const wanted = request.symbols === 'all' ? [...bases.keys()] : request.symbols;
    // Fast path: every series is already on the basis asked for (the usual case for a scan).
    if (wanted.every((symbol) => (bases.get(symbol) ?? request.basis) === request.basis)) {
      return { ...this.bars.loadCloseMatrix(request.symbols, range), basis: request.basis, warnings: [] };
    }
    const series = this.bars.loadCloseSeries(request.symbols);
    const warnings: SeriesWarning[] = [];
    const columns = series.map(({ symbol, series: closes }) => {
      const stored = bases.get(symbol) ?? null;
      if (stored === null) throw new AppError('NOT_FOUND', `No bars stored for ${symbol}.`, { symbols: [symbol] });
      const converted = closesToBasis(closes, stored === request.basis ? [] : this.actions.forSymbol(symbol), stored, request.basis);
      warnings.push(...tag(symbol, converted.warnings));
      return sliceSeries(converted.series, range.from ?? MIN_DAY, range.to ?? MAX_DAY);
    });
    return { ...alignCloses(series.map((s) => s.symbol), columns), basis: request.basis, warnings };
  }

  async listInstruments(): Promise<readonly InstrumentRecord[]> {
    return this.instruments.list();
  }

  private basisOf(symbol: string): AdjustmentBasis {
    const id = this.instruments.idOf(symbol);
    const basis = id === undefined ? null : this.instruments.basisOf(id);
    if (basis === null) throw new AppError('NOT_FOUND', `No bars stored for ${symbol}.`, { symbols: [symbol] });
    return basis;
  }
}

function checkedRange(range: DayRange = {}): DayRange {
  if (range.from !== undefined && range.to !== undefined && range.from > range.to) {
    throw new AppError('BAD_REQUEST', `Day range is reversed: from ${range.from} is after to ${range.to}.`, { range: { ...range } });
  }
  return range;
}

function tag(symbol: string, warnings: readonly { readonly code: string; readonly message: string }[]): SeriesWarning[] {
  return warnings.map((w) => ({ symbol, code: w.code, message: w.message }));
}

function sliceColumns(columns: OhlcvColumns, range: DayRange): OhlcvColumns {
  const from = range.from ?? MIN_DAY;
  const to = range.to ?? MAX_DAY;
  let start = 0;
  while (start < columns.days.length && (columns.days[start] ?? 0) < from) start += 1;
  let end = start;
  while (end < columns.days.length && (columns.days[end] ?? 0) <= to) end += 1;
  strictAssert(start <= end, 'slice bounds are ordered');
  return {
    days: columns.days.subarray(start, end),
    open: columns.open.subarray(start, end),
    high: columns.high.subarray(start, end),
    low: columns.low.subarray(start, end),
    close: columns.close.subarray(start, end),
    volume: columns.volume.subarray(start, end),
  };
}
