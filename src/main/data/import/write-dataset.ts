import type Database from 'better-sqlite3';
import { rethrowIoFault } from '../../store/io-errors';
import type { AdjustmentBasis } from '../../../shared/domain/market-data';
import { AppError, strictAssert } from '../../../shared/ipc/errors';
import type { DatasetRecord } from '../../core/market/market-records';
import type { EpochDay } from '../../core/time/epoch-day';
import { BarsRepo } from '../../store/repos/bars.repo';
import { ConflictsRepo } from '../../store/repos/conflicts.repo';
import { CorporateActionsRepo } from '../../store/repos/corporate-actions.repo';
import { DataIssuesRepo } from '../../store/repos/data-issues.repo';
import { DatasetsRepo } from '../../store/repos/datasets.repo';
import { InstrumentsRepo } from '../../store/repos/instruments.repo';
import type { ImportIssue, ImportPolicy } from '../core/pipeline-types';
import type { ConstituentsLookup } from './constituents-reader';
import { memoSource, summarize } from './merge-series';
import { dayBounds, type ColumnarSeries } from './series-buffers';
import { intakeSymbol, type HeldSymbol, type RefusedSymbol } from './symbol-intake';
import { createWalTrickle } from '../../store/wal-trickle';


/** A split inferred from price jumps: `numerator`-for-`denominator` effective on `day`. */
export interface SplitToRecord {
  readonly symbol: string;
  readonly day: EpochDay;
  readonly numerator: number;
  readonly denominator: number;
}

/** Everything parsed and validated, ready to be written in one transaction. */
export interface PreparedImport {
  readonly source: string;
  readonly sha256: string;
  readonly format: string;
  readonly adjustment: AdjustmentBasis;
  readonly policy: ImportPolicy;
  readonly importedAt: number;
  /** Validated series: sorted, one row per day. */
  readonly series: readonly ColumnarSeries[];
  readonly files: readonly string[];
  /** File, parse and validation issues (revision issues are added here). */
  readonly issues: readonly ImportIssue[];
  readonly rowsRead: number;
  readonly rowsRejected: number;
  readonly splits: readonly SplitToRecord[];
  readonly constituents: ConstituentsLookup | null;
  /** Relative price difference above which a bar from another source disagrees. */
  readonly reconcileTolerance: number;
  /** How close a disagreement's factor must be to a split ratio to be called a basis mismatch. */
  readonly splitRatioTolerance: number;
}

export interface WriteProgress {
  readonly symbolsDone: number;
  readonly symbolsTotal: number;
  readonly barsWritten: number;
}

export interface WriteResult {
  readonly dataset: DatasetRecord;
  readonly noOp: boolean;
  /** Every issue recorded for the dataset, including revision issues (empty for a no-op). */
  readonly issues: readonly ImportIssue[];
  /** Symbols whose stored bars changed (for cache invalidation). */
  readonly changedSymbols: readonly string[];
  /** Symbols whose bars were held as conflicts with another source. */
  readonly held: readonly HeldSymbol[];
  /** Symbols not imported because their basis could not be converted to the series'. */
  readonly refused: readonly RefusedSymbol[];
}

export interface WriteOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: WriteProgress) => void;
}

/**
 * Writes a prepared import in ONE `BEGIN IMMEDIATE` transaction: either every bar, revision,
 * held conflict, issue, corporate action, series cache row and the dataset row commit
 * together, or nothing does (an exception, a cancellation or a killed process all leave the
 * store as it was).
 *
 * Per symbol (symbol-intake.ts): the bars are brought onto the stored series' one basis (or
 * the symbol is refused with the reason); if they overlap ANOTHER source's stored bars and
 * disagree beyond `reconcileTolerance`, all of the file's bars for the symbol are held as a
 * conflict for the user to resolve, and none is applied; otherwise they merge: new days are
 * inserted, and a changed bar keeps its old value in `bar_revisions` under the new dataset
 * (the same source re-importing corrected data revises, as always). Bars absent from the new
 * input are left alone: imports add and revise, they never delete.
 */
export function writeDataset(db: Database.Database, prepared: PreparedImport, options: WriteOptions = {}): WriteResult {
  const datasets = new DatasetsRepo(db);
  const run = db.transaction((): WriteResult => {
    // Re-read under the write lock, so two concurrent imports of one source cannot both
    // become version N.
    const latest = datasets.latestForSource(prepared.source);
    if (latest !== undefined && latest.sha256 === prepared.sha256) {
      return { dataset: latest, noOp: true, issues: [], changedSymbols: [], held: [], refused: [] };
    }
    return writeNewVersion(db, datasets, prepared, (latest?.version ?? 0) + 1, options);
  });
  try {
    return run.immediate();
  } catch (error) {
    // A full disk or a lock held past the busy timeout: the transaction rolled back, and the
    // user gets a typed error naming the database instead of a raw SQLite stack.
    return rethrowIoFault(error, { file: db.name, busyTimeoutMs: Number(db.pragma('busy_timeout', { simple: true })) });
  }
}

function writeNewVersion(
  db: Database.Database,
  datasets: DatasetsRepo,
  prepared: PreparedImport,
  version: number,
  options: WriteOptions,
): WriteResult {
  const repos = {
    instruments: new InstrumentsRepo(db),
    bars: new BarsRepo(db),
    actions: new CorporateActionsRepo(db),
    conflicts: new ConflictsRepo(db),
  };
  const issuesRepo = new DataIssuesRepo(db);

  const datasetId = datasets.create({
    source: prepared.source,
    version,
    sha256: prepared.sha256,
    format: prepared.format,
    adjustment: prepared.adjustment,
    importedAt: prepared.importedAt,
    policy: prepared.policy,
  });
  const ids = repos.instruments.ensure(prepared.series.map((s) => s.symbol));
  if (prepared.constituents !== null) {
    for (const symbol of ids.keys()) {
      const info = prepared.constituents.lookup(symbol);
      if (info !== undefined) repos.instruments.setMetadata(symbol, { ...info, exchange: null });
    }
  }

  const sourceOf = memoSource(datasets);
  const writeIssues: ImportIssue[] = [];
  const changedSymbols: string[] = [];
  const held: HeldSymbol[] = [];
  const refused: RefusedSymbol[] = [];
  const written: ColumnarSeries[] = [];
  let inserted = 0;
  let changed = 0;
  let unchanged = 0;
  // The WAL is flushed slice by slice as the symbols are written, so the commit does not end in
  // one flush long enough to stall the trading database's writers (store/wal-trickle.ts).
  const trickle = createWalTrickle(db);
  try {
    prepared.series.forEach((series, index) => {
      if (options.signal?.aborted === true) {
        throw new AppError('CANCELLED', `Import of ${prepared.source} was cancelled; nothing was written.`, { source: prepared.source });
      }
      const instrumentId = ids.get(series.symbol);
      strictAssert(instrumentId !== undefined, `instrument id for ${series.symbol}`);
      const outcome = intakeSymbol(repos, instrumentId, series, {
        datasetId,
        source: prepared.source,
        adjustment: prepared.adjustment,
        policy: prepared.policy,
        sourceOf,
        tolerance: prepared.reconcileTolerance,
        splitRatioTolerance: prepared.splitRatioTolerance,
        file: (i) => prepared.files[i] ?? null,
        onIssue: (issue) => writeIssues.push(issue),
      });
      switch (outcome.kind) {
        case 'merged':
          inserted += outcome.counts.inserted;
          changed += outcome.counts.changed;
          unchanged += outcome.counts.unchanged;
          written.push(series);
          if (outcome.counts.inserted + outcome.counts.changed > 0) changedSymbols.push(series.symbol);
          break;
        case 'held':
          held.push(outcome.held);
          break;
        case 'refused':
          refused.push(outcome.refused);
          break;
        default:
          strictAssert(false, 'every intake outcome is handled');
      }
      options.onProgress?.({ symbolsDone: index + 1, symbolsTotal: prepared.series.length, barsWritten: inserted + changed });
      trickle.tick();
    });
  } finally {
    trickle.close();
  }

  const appliedSymbols = new Set(written.map((s) => s.symbol));
  for (const split of prepared.splits) {
    // A split inferred from held or refused bars is not evidence about the stored series.
    if (!appliedSymbols.has(split.symbol)) continue;
    const instrumentId = ids.get(split.symbol);
    strictAssert(instrumentId !== undefined, `instrument id for split of ${split.symbol}`);
    repos.actions.save(instrumentId, { kind: 'split', day: split.day, numerator: split.numerator, denominator: split.denominator, source: 'inferred', datasetId });
  }

  const issues = [...prepared.issues, ...writeIssues];
  issuesRepo.insertMany(datasetId, issues);
  const bounds = dayBounds(prepared.series);
  datasets.finish(datasetId, {
    rowsRead: prepared.rowsRead,
    rowsAccepted: inserted + changed + unchanged,
    rowsRejected: prepared.rowsRejected + refused.reduce((n, r) => n + r.bars, 0),
    barsInserted: inserted,
    barsChanged: changed,
    barsUnchanged: unchanged,
    symbolCount: prepared.series.length,
    firstDay: bounds.first,
    lastDay: bounds.last,
    issueSummary: summarize(issues),
  });
  return { dataset: datasets.require(datasetId), noOp: false, issues, changedSymbols, held, refused };
}
