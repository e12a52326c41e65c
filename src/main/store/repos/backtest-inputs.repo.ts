import type Database from 'better-sqlite3';
import type { EpochDay } from '../../core/time/epoch-day';

export interface SupplyingDataset {
  readonly id: number;
  readonly source: string;
  readonly version: number;
}

/** Reads a backtest needs beyond the bars themselves: which datasets supplied them. */
export class BacktestInputsRepo {
  constructor(private readonly db: Database.Database) {}

  /** The datasets that supplied the current bars of `symbols` in [from, to], by id. */
  supplyingDatasets(symbols: readonly string[], from: EpochDay, to: EpochDay): SupplyingDataset[] {
    if (symbols.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT d.id, d.source, d.version FROM datasets d
         WHERE d.id IN (
           SELECT DISTINCT b.dataset_id FROM bars b JOIN instruments i ON i.id = b.instrument_id
           WHERE i.symbol IN (${symbols.map(() => '?').join(',')}) AND b.day BETWEEN ? AND ?)
         ORDER BY d.id`,
      )
      .raw()
      .all(...symbols, from, to) as [number, string, number][];
    return rows.map(([id, source, version]) => ({ id, source, version }));
  }
}
