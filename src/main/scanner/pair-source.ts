import { AppError } from '../../shared/ipc/errors';
import type { CloseSeries } from '../core/market/series';
import type { EpochDay } from '../core/time/epoch-day';
import { alignOnCommonDays, type AlignedPair } from '../stats/align';
import type { Store } from '../store/db';
import { BarsRepo } from '../store/repos/bars.repo';
import { ScanInputsRepo } from '../store/repos/scan-inputs.repo';

/**
 * Two symbols' closes inside a window, aligned on their common days: what `arbdesk coint`,
 * the pair view and the health monitor test. Current data comes from the cached series, or
 * "as of" a dataset version from the revisions. Nothing outside [from, to] is read.
 */
export class PairSource {
  private readonly bars: BarsRepo;
  private readonly inputs: ScanInputsRepo;

  constructor(store: Store) {
    this.bars = new BarsRepo(store.db);
    this.inputs = new ScanInputsRepo(store.db);
  }

  requireDataset(datasetId: number): void {
    this.inputs.requireDataset(datasetId);
  }

  /** One symbol's closes in the window; NOT_FOUND names the symbol when nothing is stored. */
  series(symbol: string, from: EpochDay, to: EpochDay, asOfDatasetId?: number): CloseSeries {
    if (asOfDatasetId !== undefined) {
      const series = this.inputs.symbolSeriesAsOf(symbol, asOfDatasetId, from, to);
      if (series.days.length === 0) this.bars.loadCloses(symbol); // unknown symbol → NOT_FOUND
      return series;
    }
    const full = this.bars.loadCloses(symbol);
    let start = 0;
    while (start < full.days.length && (full.days[start] as number) < from) start += 1;
    let end = start;
    while (end < full.days.length && (full.days[end] as number) <= to) end += 1;
    return { days: full.days.subarray(start, end), closes: full.closes.subarray(start, end) };
  }

  /** Both series on their common days; NOT_FOUND when either has no bar in the window. */
  pair(y: string, x: string, from: EpochDay, to: EpochDay, asOfDatasetId?: number): AlignedPair {
    const seriesY = this.series(y, from, to, asOfDatasetId);
    const seriesX = this.series(x, from, to, asOfDatasetId);
    for (const [symbol, series] of [[y, seriesY], [x, seriesX]] as const) {
      if (series.days.length === 0) throw new AppError('NOT_FOUND', `${symbol} has no bars in the window.`, { symbol });
    }
    return alignOnCommonDays(seriesY, seriesX);
  }
}
