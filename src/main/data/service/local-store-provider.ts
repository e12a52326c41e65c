import type Database from 'better-sqlite3';
import type { Bar, Instrument } from '../../../shared/domain/market-data';
import { AppError } from '../../../shared/ipc/errors';
import type { CloseSeries } from '../../core/market/series';
import { BarsRepo } from '../../store/repos/bars.repo';
import { InstrumentsRepo } from '../../store/repos/instruments.repo';
import { epochDayFromIso } from '../../core/time/epoch-day';
import type { DateRange, MarketDataProvider } from './market-data-provider';

/** Reads the local SQLite store; the store is synchronous, so each call resolves at once. */
export class LocalStoreProvider implements MarketDataProvider {
  readonly name = 'local-store';
  private readonly bars: BarsRepo;
  private readonly instruments: InstrumentsRepo;

  constructor(store: { readonly db: Database.Database }) {
    this.bars = new BarsRepo(store.db);
    this.instruments = new InstrumentsRepo(store.db);
  }

  async getDailyBars(symbol: string, range: DateRange): Promise<readonly Bar[]> {
    const from = range.from === undefined ? undefined : epochDayFromIso(range.from);
    const to = range.to === undefined ? undefined : epochDayFromIso(range.to);
    if (from !== undefined && to !== undefined && from > to) {
      throw new AppError('BAD_REQUEST', `Date range is reversed: from ${range.from} is after to ${range.to}.`, { range });
    }
    return this.bars.bars(symbol, { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) });
  }

  async getCloses(symbol: string): Promise<CloseSeries> {
    return this.bars.loadCloses(symbol);
  }

  async listInstruments(): Promise<readonly Instrument[]> {
    return this.instruments.list();
  }
}
