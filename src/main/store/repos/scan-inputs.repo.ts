import type Database from 'better-sqlite3';
import type { AdjustmentBasis } from '../../../shared/domain/market-data';
import { AppError } from '../../../shared/ipc/errors';
import type { CloseSeries } from '../../core/market/series';
import type { EpochDay } from '../../core/time/epoch-day';

/** A dataset version as a scan's data version names it. */
export interface SupplyingDataset {
  readonly id: number;
  readonly source: string;
  readonly version: number;
  readonly adjustment: AdjustmentBasis;
}

/** One symbol's bars in a window, columnar, as of a dataset version. */
export interface AsOfSeries extends CloseSeries {
  readonly symbol: string;
  readonly volumes: Float64Array;
}

type AsOfRow = [symbol: string, day: number, close: number, volume: number, datasetId: number];

/**
 * What a scan reads besides the cached close series: the error-level issues in its window,
 * the dataset versions behind its bars, and "as of a dataset version" rebuilt from the
 * revisions. Every query takes the window, so the scan never reads the trading window.
 *
 * "As of dataset D": the bar table holds the newest value and the dataset that supplied it.
 * A bar supplied by a dataset ≤ D is what D saw. A bar supplied later was either inserted
 * later (absent as of D) or revised later: then the FIRST revision after D holds, as its old
 * value, what D saw (provided that old value came from a dataset ≤ D).
 */
export class ScanInputsRepo {
  private readonly errorIssues: Database.Statement<[number, number], [string, number]>;
  private readonly errorIssuesAsOf: Database.Statement<[number, number, number], [string, number]>;
  private readonly datasetsInWindow: Database.Statement<[number, number], [number, string, number, string]>;
  private readonly barsAsOf: Database.Statement<{ asOf: number; from: number; to: number }, AsOfRow>;
  private readonly symbolAsOf: Database.Statement<{ asOf: number; from: number; to: number; symbol: string }, AsOfRow>;
  private readonly volumesOf: Database.Statement<[string, number, number], [number, number]>;
  private readonly datasetExists: Database.Statement<[number], number>;

  constructor(private readonly db: Database.Database) {
    // Issues belong to the dataset that found them: only the newest version of each source
    // (as of D) counts, as on the instrument list, so a re-import does not double them.
    this.errorIssues = db
      .prepare<[number, number], [string, number]>(
        `WITH latest AS (SELECT max(id) AS id FROM datasets GROUP BY source)
         SELECT symbol, count(*) FROM data_issues
         WHERE severity = 'error' AND symbol IS NOT NULL AND day BETWEEN ? AND ? AND dataset_id IN (SELECT id FROM latest)
         GROUP BY symbol`,
      )
      .raw();
    this.errorIssuesAsOf = db
      .prepare<[number, number, number], [string, number]>(
        `WITH latest AS (SELECT max(id) AS id FROM datasets WHERE id <= ? GROUP BY source)
         SELECT symbol, count(*) FROM data_issues
         WHERE severity = 'error' AND symbol IS NOT NULL AND day BETWEEN ? AND ? AND dataset_id IN (SELECT id FROM latest)
         GROUP BY symbol`,
      )
      .raw();
    this.datasetsInWindow = db
      .prepare<[number, number], [number, string, number, string]>(
        `SELECT d.id, d.source, d.version, d.adjustment FROM datasets d
         WHERE d.id IN (SELECT DISTINCT dataset_id FROM bars WHERE day BETWEEN ? AND ?) ORDER BY d.id`,
      )
      .raw();
    const asOfSql = (symbolClause: string): string => `SELECT i.symbol, b.day,
           CASE WHEN b.dataset_id <= @asOf THEN b.close ELSE r.old_close END,
           CASE WHEN b.dataset_id <= @asOf THEN b.volume ELSE r.old_volume END,
           CASE WHEN b.dataset_id <= @asOf THEN b.dataset_id ELSE r.old_dataset_id END
         FROM bars b
         JOIN instruments i ON i.id = b.instrument_id
         LEFT JOIN bar_revisions r ON r.instrument_id = b.instrument_id AND r.day = b.day AND r.dataset_id = (
           SELECT min(r2.dataset_id) FROM bar_revisions r2
           WHERE r2.instrument_id = b.instrument_id AND r2.day = b.day AND r2.dataset_id > @asOf)
         WHERE b.day BETWEEN @from AND @to ${symbolClause}
           AND (b.dataset_id <= @asOf OR (r.dataset_id IS NOT NULL AND r.old_dataset_id <= @asOf))
         ORDER BY i.symbol, b.day`;
    this.barsAsOf = db.prepare<{ asOf: number; from: number; to: number }, AsOfRow>(asOfSql('')).raw();
    this.symbolAsOf = db.prepare<{ asOf: number; from: number; to: number; symbol: string }, AsOfRow>(asOfSql('AND i.symbol = @symbol')).raw();
    this.volumesOf = db
      .prepare<[string, number, number], [number, number]>(
        `SELECT b.day, b.volume FROM bars b JOIN instruments i ON i.id = b.instrument_id
         WHERE i.symbol = ? AND b.day BETWEEN ? AND ? ORDER BY b.day`,
      )
      .raw();
    this.datasetExists = db.prepare<[number], number>('SELECT 1 FROM datasets WHERE id = ?').pluck();
  }

  /** Throws NOT_FOUND (a clear message) for a dataset id that was never imported. */
  requireDataset(datasetId: number): void {
    if (this.datasetExists.get(datasetId) === undefined) {
      throw new AppError('NOT_FOUND', `No dataset with id ${datasetId}; \`arbdesk data list\` shows the imported versions.`, { datasetId });
    }
  }

  /** Unresolved error-level issues per symbol with a day in [from, to]. */
  errorIssueCounts(from: EpochDay, to: EpochDay, asOfDatasetId?: number): Map<string, number> {
    const rows = asOfDatasetId === undefined ? this.errorIssues.all(from, to) : this.errorIssuesAsOf.all(asOfDatasetId, from, to);
    return new Map(rows);
  }

  /** The dataset versions that supplied the current bars of [from, to] (any symbol). */
  supplyingDatasets(from: EpochDay, to: EpochDay): SupplyingDataset[] {
    return this.datasetsInWindow.all(from, to).map(([id, source, version, adjustment]) => ({
      id,
      source,
      version,
      adjustment: adjustment as AdjustmentBasis,
    }));
  }

  /** Datasets by id (for the as-of path, which learns the ids from the rebuilt bars). */
  datasetsByIds(ids: Iterable<number>): SupplyingDataset[] {
    const list = [...new Set(ids)].sort((a, b) => a - b);
    if (list.length === 0) return [];
    const rows = this.db
      .prepare(`SELECT id, source, version, adjustment FROM datasets WHERE id IN (${list.map(() => '?').join(',')}) ORDER BY id`)
      .raw()
      .all(...list) as [number, string, number, string][];
    return rows.map(([id, source, version, adjustment]) => ({ id, source, version, adjustment: adjustment as AdjustmentBasis }));
  }

  /** Every symbol's closes and volumes in [from, to] as of dataset `asOf`, and the datasets that supplied them. */
  seriesAsOf(asOf: number, from: EpochDay, to: EpochDay): { series: AsOfSeries[]; datasetIds: Set<number> } {
    return collect(this.barsAsOf.iterate({ asOf, from, to }));
  }

  /** One symbol's closes in [from, to] as of dataset `asOf` (empty when it had none then). */
  symbolSeriesAsOf(symbol: string, asOf: number, from: EpochDay, to: EpochDay): AsOfSeries {
    const { series } = collect(this.symbolAsOf.iterate({ asOf, from, to, symbol }));
    return series[0] ?? { symbol, days: new Int32Array(0), closes: new Float64Array(0), volumes: new Float64Array(0) };
  }

  /** One symbol's volumes in [from, to] (the dollar-volume filter; only read when it is set). */
  volumes(symbol: string, from: EpochDay, to: EpochDay): CloseSeries {
    const rows = this.volumesOf.all(symbol, from, to);
    return { days: Int32Array.from(rows, (row) => row[0]), closes: Float64Array.from(rows, (row) => row[1]) };
  }
}

/** Groups rows ordered by symbol and day into columnar series. */
function collect(rows: Iterable<AsOfRow>): { series: AsOfSeries[]; datasetIds: Set<number> } {
  const series: AsOfSeries[] = [];
  const datasetIds = new Set<number>();
  let symbol: string | null = null;
  let days: number[] = [];
  let closes: number[] = [];
  let volumes: number[] = [];
  const flush = (): void => {
    if (symbol !== null) series.push({ symbol, days: Int32Array.from(days), closes: Float64Array.from(closes), volumes: Float64Array.from(volumes) });
  };
  for (const [rowSymbol, day, close, volume, datasetId] of rows) {
    if (rowSymbol !== symbol) {
      flush();
      symbol = rowSymbol;
      days = [];
      closes = [];
      volumes = [];
    }
    days.push(day);
    closes.push(close);
    volumes.push(volume);
    datasetIds.add(datasetId);
  }
  flush();
  return { series, datasetIds };
}
