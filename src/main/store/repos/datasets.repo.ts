import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { AdjustmentBasis } from '../../../shared/domain/market-data';
import { AppError, strictAssert } from '../../../shared/ipc/errors';
import type { DatasetRecord } from '../../core/market/market-records';

/** What the importer knows before it writes bars; counts are filled in by `finish`. */
export interface NewDataset {
  readonly source: string;
  readonly version: number;
  readonly sha256: string;
  readonly format: string;
  readonly adjustment: AdjustmentBasis;
  readonly importedAt: number;
  readonly policy: 'strict' | 'lenient';
  /** A conflict resolution's version names the import whose conflict it settled. */
  readonly resolvesDatasetId?: number | null;
}

export interface DatasetCounts {
  readonly rowsRead: number;
  readonly rowsAccepted: number;
  readonly rowsRejected: number;
  readonly barsInserted: number;
  readonly barsChanged: number;
  readonly barsUnchanged: number;
  readonly symbolCount: number;
  readonly firstDay: number | null;
  readonly lastDay: number | null;
  readonly issueSummary: Readonly<Record<string, number>>;
}

const columns = `id, source, version, sha256, format, adjustment, imported_at, policy, rows_read, rows_accepted,
  rows_rejected, bars_inserted, bars_changed, bars_unchanged, symbol_count, first_day, last_day, issue_summary, resolves_dataset_id`;

// The row is parsed rather than cast: CHECK constraints guard the enums, but a hand-edited
// or future database should fail loudly here, not leak a bad value to the renderer.
const datasetRowSchema = z.object({
  id: z.number().int(),
  source: z.string(),
  version: z.number().int().positive(),
  sha256: z.string(),
  format: z.string(),
  adjustment: z.enum(['raw', 'split', 'split_dividend']),
  imported_at: z.number().int(),
  policy: z.enum(['strict', 'lenient']),
  rows_read: z.number().int(),
  rows_accepted: z.number().int(),
  rows_rejected: z.number().int(),
  bars_inserted: z.number().int(),
  bars_changed: z.number().int(),
  bars_unchanged: z.number().int(),
  symbol_count: z.number().int(),
  first_day: z.number().int().nullable(),
  last_day: z.number().int().nullable(),
  issue_summary: z.string(),
  resolves_dataset_id: z.number().int().nullable(),
});

const issueSummarySchema = z.record(z.string(), z.number().int());

/** Versioned imports: one row per import that changed the store, numbered per source. */
export class DatasetsRepo {
  private readonly insertStatement: Database.Statement;
  private readonly finishStatement: Database.Statement;
  private readonly byId: Database.Statement<[number], unknown>;
  private readonly latestBySource: Database.Statement<[string], unknown>;
  private readonly all: Database.Statement<[], unknown>;
  private readonly sourceOf: Database.Statement<[number], string>;

  constructor(private readonly db: Database.Database) {
    this.insertStatement = db.prepare(
      `INSERT INTO datasets (source, version, sha256, format, adjustment, imported_at, policy, rows_read, rows_accepted,
         rows_rejected, bars_inserted, bars_changed, bars_unchanged, symbol_count, issue_summary, resolves_dataset_id)
       VALUES (@source, @version, @sha256, @format, @adjustment, @importedAt, @policy, 0, 0, 0, 0, 0, 0, 0, '{}', @resolvesDatasetId)`,
    );
    this.finishStatement = db.prepare(
      `UPDATE datasets SET rows_read = @rowsRead, rows_accepted = @rowsAccepted, rows_rejected = @rowsRejected,
         bars_inserted = @barsInserted, bars_changed = @barsChanged, bars_unchanged = @barsUnchanged,
         symbol_count = @symbolCount, first_day = @firstDay, last_day = @lastDay, issue_summary = @issueSummary
       WHERE id = @id`,
    );
    this.byId = db.prepare(`SELECT ${columns} FROM datasets WHERE id = ?`);
    this.latestBySource = db.prepare(`SELECT ${columns} FROM datasets WHERE source = ? ORDER BY version DESC LIMIT 1`);
    this.all = db.prepare(`SELECT ${columns} FROM datasets ORDER BY id DESC`);
    this.sourceOf = db.prepare<[number], string>('SELECT source FROM datasets WHERE id = ?').pluck();
  }

  /** Inserts the dataset row (counts zero until `finish`) and returns its id. */
  create(dataset: NewDataset): number {
    const result = this.insertStatement.run({ ...dataset, resolvesDatasetId: dataset.resolvesDatasetId ?? null });
    return Number(result.lastInsertRowid);
  }

  finish(id: number, counts: DatasetCounts): void {
    const result = this.finishStatement.run({ id, ...counts, issueSummary: JSON.stringify(counts.issueSummary) });
    strictAssert(result.changes === 1, `dataset ${id} exists when its counts are written`);
  }

  get(id: number): DatasetRecord | undefined {
    const row = this.byId.get(id);
    return row === undefined ? undefined : toDataset(row);
  }

  /** Like `get`, but a missing id is the caller's error, reported as NOT_FOUND. */
  require(id: number): DatasetRecord {
    const dataset = this.get(id);
    if (dataset === undefined) throw new AppError('NOT_FOUND', `No dataset with id ${id}.`, { datasetId: id });
    return dataset;
  }

  latestForSource(source: string): DatasetRecord | undefined {
    const row = this.latestBySource.get(source);
    return row === undefined ? undefined : toDataset(row);
  }

  /** The source key of a dataset id; cached by callers that look it up per bar. */
  source(id: number): string | undefined {
    return this.sourceOf.get(id);
  }

  /** Newest first. */
  list(): DatasetRecord[] {
    return this.all.all().map(toDataset);
  }

  count(): number {
    const n = this.db.prepare('SELECT count(*) FROM datasets').pluck().get();
    strictAssert(typeof n === 'number', 'count(*) returns a number');
    return n;
  }
}

function toDataset(raw: unknown): DatasetRecord {
  const row = datasetRowSchema.parse(raw);
  return {
    id: row.id,
    source: row.source,
    version: row.version,
    sha256: row.sha256,
    format: row.format,
    adjustment: row.adjustment,
    importedAt: row.imported_at,
    policy: row.policy,
    rowsRead: row.rows_read,
    rowsAccepted: row.rows_accepted,
    rowsRejected: row.rows_rejected,
    barsInserted: row.bars_inserted,
    barsChanged: row.bars_changed,
    barsUnchanged: row.bars_unchanged,
    symbolCount: row.symbol_count,
    firstDay: row.first_day,
    lastDay: row.last_day,
    issueSummary: issueSummarySchema.parse(JSON.parse(row.issue_summary)),
    resolvesDatasetId: row.resolves_dataset_id,
  };
}
