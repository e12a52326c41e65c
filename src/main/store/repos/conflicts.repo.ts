import type Database from 'better-sqlite3';
import { ohlcvColumnsOf } from './ohlcv-rows';
import { z } from 'zod';
import {
  adjustmentBasisSchema,
  conflictClassificationSchema,
  conflictStatusSchema,
  type AdjustmentBasis,
  type ConflictClassification,
} from '../../../shared/domain/market-data';
import { AppError, strictAssert } from '../../../shared/ipc/errors';
import type { HeldBarRecord, HeldSeriesRecord } from '../../core/market/market-records';
import type { OhlcvColumns } from '../../core/market/series';

/** What the importer holds for one symbol of one import. */
export interface NewHeldSeries {
  readonly datasetId: number;
  readonly instrumentId: number;
  readonly basis: AdjustmentBasis;
  readonly classification: ConflictClassification;
  readonly factor: number | null;
  readonly overlapDays: number;
  readonly differingDays: number;
  readonly detail: string;
}

/** The held bars of one symbol, columnar, with the days that disagree marked. */
export interface HeldColumns extends OhlcvColumns {
  readonly differs: Uint8Array;
}

export interface ConflictFilter {
  /** Absent: every status. */
  readonly status?: 'held' | 'kept' | 'taken' | 'superseded';
  readonly symbol?: string;
}

const columns = `h.dataset_id, d.source, d.version, i.symbol, h.instrument_id, h.basis, h.status, h.classification, h.factor,
  h.overlap_days, h.differing_days, h.bar_count, h.first_day, h.last_day, h.detail, h.resolved_by_dataset_id, h.resolved_at`;

const rowSchema = z.object({
  dataset_id: z.number().int(),
  source: z.string(),
  version: z.number().int(),
  symbol: z.string(),
  instrument_id: z.number().int(),
  basis: adjustmentBasisSchema,
  status: conflictStatusSchema,
  classification: conflictClassificationSchema,
  factor: z.number().nullable(),
  overlap_days: z.number().int(),
  differing_days: z.number().int(),
  bar_count: z.number().int(),
  first_day: z.number().int(),
  last_day: z.number().int(),
  detail: z.string(),
  resolved_by_dataset_id: z.number().int().nullable(),
  resolved_at: z.number().int().nullable(),
});

type HeldBarRow = [day: number, open: number, high: number, low: number, close: number, volume: number, differs: number];
type SampleRow = [...HeldBarRow, eo: number | null, eh: number | null, el: number | null, ec: number | null, ev: number | null];

/** A held conflict with the instrument id the importer needs to act on it. */
export interface HeldSeriesRow extends HeldSeriesRecord {
  readonly instrumentId: number;
}

/**
 * Held conflicts: an import's bars for one symbol that disagree with another source's stored
 * bars, kept aside (not applied) until the user keeps the stored series or takes the new one.
 */
export class ConflictsRepo {
  private readonly insertSeries: Database.Statement;
  private readonly insertBar: Database.Statement<[number, number, number, number, number, number, number, number, number]>;
  private readonly supersedeStatement: Database.Statement<[number, number, number, string]>;
  private readonly resolveStatement: Database.Statement<[string, number, number, number, number]>;
  private readonly barsOf: Database.Statement<[number, number], HeldBarRow>;
  private readonly sampleOf: Database.Statement<[number, number, number], SampleRow>;
  private readonly one: Database.Statement<[number, number], unknown>;

  constructor(private readonly db: Database.Database) {
    this.insertSeries = db.prepare(
      `INSERT INTO held_series (dataset_id, instrument_id, basis, status, classification, factor, overlap_days, differing_days,
         bar_count, first_day, last_day, detail)
       VALUES (@datasetId, @instrumentId, @basis, 'held', @classification, @factor, @overlapDays, @differingDays,
         @barCount, @firstDay, @lastDay, @detail)`,
    );
    this.insertBar = db.prepare(
      'INSERT INTO held_bars (dataset_id, instrument_id, day, open, high, low, close, volume, differs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.supersedeStatement = db.prepare(
      `UPDATE held_series SET status = 'superseded', resolved_by_dataset_id = ?
       WHERE instrument_id = ? AND status = 'held' AND dataset_id <> ?
         AND dataset_id IN (SELECT id FROM datasets WHERE source = ?)`,
    );
    this.resolveStatement = db.prepare(
      `UPDATE held_series SET status = ?, resolved_by_dataset_id = ?, resolved_at = ?
       WHERE dataset_id = ? AND instrument_id = ? AND status = 'held'`,
    );
    this.barsOf = db
      .prepare<[number, number], HeldBarRow>(
        'SELECT day, open, high, low, close, volume, differs FROM held_bars WHERE dataset_id = ? AND instrument_id = ? ORDER BY day',
      )
      .raw();
    this.sampleOf = db
      .prepare<[number, number, number], SampleRow>(
        `SELECT h.day, h.open, h.high, h.low, h.close, h.volume, h.differs, b.open, b.high, b.low, b.close, b.volume
         FROM held_bars h LEFT JOIN bars b ON b.instrument_id = h.instrument_id AND b.day = h.day
         WHERE h.dataset_id = ? AND h.instrument_id = ? AND h.differs = 1 ORDER BY h.day LIMIT ?`,
      )
      .raw();
    this.one = db.prepare(
      `SELECT ${columns} FROM held_series h JOIN datasets d ON d.id = h.dataset_id JOIN instruments i ON i.id = h.instrument_id
       WHERE h.dataset_id = ? AND h.instrument_id = ?`,
    );
  }

  /** Holds one symbol's bars of an import; call inside the import transaction. */
  hold(series: NewHeldSeries, bars: HeldColumns): void {
    const n = bars.days.length;
    strictAssert(n > 0, 'a held series has bars');
    this.insertSeries.run({ ...series, barCount: n, firstDay: bars.days[0], lastDay: bars.days[n - 1] });
    for (let i = 0; i < n; i += 1) {
      this.insertBar.run(
        series.datasetId,
        series.instrumentId,
        bars.days[i] ?? 0,
        bars.open[i] ?? Number.NaN,
        bars.high[i] ?? Number.NaN,
        bars.low[i] ?? Number.NaN,
        bars.close[i] ?? Number.NaN,
        bars.volume[i] ?? 0,
        bars.differs[i] ?? 0,
      );
    }
  }

  /**
   * A newer import of `source` settles the source's still-held bars for the instrument:
   * they are superseded by it (whether it applied or was held again). Returns how many.
   */
  supersede(instrumentId: number, source: string, byDatasetId: number): number {
    return this.supersedeStatement.run(byDatasetId, instrumentId, byDatasetId, source).changes;
  }

  /** Marks a held series resolved; throws CONFLICT when it is no longer held. */
  resolve(datasetId: number, instrumentId: number, status: 'kept' | 'taken', byDatasetId: number, at: number): void {
    const changes = this.resolveStatement.run(status, byDatasetId, at, datasetId, instrumentId).changes;
    if (changes !== 1) {
      throw new AppError('CONFLICT', `The held bars of dataset ${datasetId} are no longer held; list the conflicts again.`, { datasetId });
    }
  }

  get(datasetId: number, instrumentId: number): HeldSeriesRow | undefined {
    const row = this.one.get(datasetId, instrumentId);
    return row === undefined ? undefined : toRecord(row);
  }

  /** Newest import first, then by symbol. */
  list(filter: ConflictFilter = {}): HeldSeriesRow[] {
    const clauses: string[] = [];
    const params: string[] = [];
    if (filter.status !== undefined) {
      clauses.push('h.status = ?');
      params.push(filter.status);
    }
    if (filter.symbol !== undefined) {
      clauses.push('i.symbol = ?');
      params.push(filter.symbol);
    }
    const where = clauses.length === 0 ? '' : `WHERE ${clauses.join(' AND ')}`;
    return this.db
      .prepare(
        `SELECT ${columns} FROM held_series h JOIN datasets d ON d.id = h.dataset_id JOIN instruments i ON i.id = h.instrument_id
         ${where} ORDER BY h.dataset_id DESC, i.symbol`,
      )
      .all(...params)
      .map(toRecord);
  }

  /** Every held bar of one symbol of one import, ascending. */
  bars(datasetId: number, instrumentId: number): HeldColumns {
    const rows = this.barsOf.all(datasetId, instrumentId);
    const { tags, ...columns } = ohlcvColumnsOf(rows, new Uint8Array(rows.length));
    return { ...columns, differs: tags };
  }

  /** The first `limit` disagreeing days beside the bar stored now. */
  sample(datasetId: number, instrumentId: number, limit: number): HeldBarRecord[] {
    return this.sampleOf.all(datasetId, instrumentId, limit).map(([day, open, high, low, close, volume, differs, eo, eh, el, ec, ev]) => ({
      day,
      incoming: { open, high, low, close, volume },
      existing: eo === null || eh === null || el === null || ec === null || ev === null ? null : { open: eo, high: eh, low: el, close: ec, volume: ev },
      differs: differs === 1,
    }));
  }
}

function toRecord(raw: unknown): HeldSeriesRow {
  const row = rowSchema.parse(raw);
  return {
    datasetId: row.dataset_id,
    source: row.source,
    version: row.version,
    symbol: row.symbol,
    instrumentId: row.instrument_id,
    basis: row.basis,
    status: row.status,
    classification: row.classification,
    factor: row.factor,
    overlapDays: row.overlap_days,
    differingDays: row.differing_days,
    barCount: row.bar_count,
    firstDay: row.first_day,
    lastDay: row.last_day,
    detail: row.detail,
    resolvedByDatasetId: row.resolved_by_dataset_id,
    resolvedAt: row.resolved_at,
  };
}
