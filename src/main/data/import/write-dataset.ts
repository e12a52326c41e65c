import type Database from 'better-sqlite3';
import { rethrowIoFault } from '../../store/io-errors';
import type { AdjustmentBasis, Dataset } from '../../../shared/domain/market-data';
import { AppError, strictAssert } from '../../../shared/ipc/errors';
import { BarsRepo, type BarValues, type StoredSeries } from '../../store/repos/bars.repo';
import { CorporateActionsRepo } from '../../store/repos/corporate-actions.repo';
import { DataIssuesRepo } from '../../store/repos/data-issues.repo';
import { DatasetsRepo } from '../../store/repos/datasets.repo';
import { InstrumentsRepo } from '../../store/repos/instruments.repo';
import { formatIsoDate } from '../../core/time/epoch-day';
import { reconcileBars, type BarValues as ReconcileBar } from '../validation/reconcile';
import type { ImportIssue } from '../pipeline-types';
import type { EpochDay } from '../../core/time/epoch-day';
import type { ConstituentsLookup } from './constituents-reader';
import { dayBounds, type ColumnarSeries } from './series-buffers';

export type ImportPolicy = 'strict' | 'lenient';

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
  /** Relative price difference above which a bar from another source is a source_mismatch. */
  readonly reconcileTolerance: number;
}

export interface WriteProgress {
  readonly symbolsDone: number;
  readonly symbolsTotal: number;
  readonly barsWritten: number;
}

export interface WriteResult {
  readonly dataset: Dataset;
  readonly noOp: boolean;
  /** Every issue recorded for the dataset, including revision issues (empty for a no-op). */
  readonly issues: readonly ImportIssue[];
  /** Symbols whose stored bars changed (for cache invalidation). */
  readonly changedSymbols: readonly string[];
}

export interface WriteOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: WriteProgress) => void;
}

/**
 * Writes a prepared import in ONE `BEGIN IMMEDIATE` transaction: either every bar, revision,
 * issue, corporate action, series cache row and the dataset row commit together, or nothing
 * does (an exception, a cancellation or a killed process all leave the store as it was).
 *
 * Policy when a bar already exists: the newest import wins the stored value, and the old
 * value is kept in `bar_revisions` under the new dataset (with a `bar_revised` info issue),
 * so nothing is overwritten silently. Where the stored bar came from a DIFFERENT source, the
 * two are also reconciled: prices apart by more than `reconcileTolerance` are a
 * `source_mismatch` warning on the new dataset. Bars absent from the new input are left
 * alone: imports add and revise, they never delete.
 */
export function writeDataset(db: Database.Database, prepared: PreparedImport, options: WriteOptions = {}): WriteResult {
  const datasets = new DatasetsRepo(db);
  const run = db.transaction((): WriteResult => {
    // Re-read under the write lock, so two concurrent imports of one source cannot both
    // become version N.
    const latest = datasets.latestForSource(prepared.source);
    if (latest !== undefined && latest.sha256 === prepared.sha256) {
      return { dataset: latest, noOp: true, issues: [], changedSymbols: [] };
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
  const instruments = new InstrumentsRepo(db);
  const bars = new BarsRepo(db);
  const issuesRepo = new DataIssuesRepo(db);
  const actions = new CorporateActionsRepo(db);

  const datasetId = datasets.create({
    source: prepared.source,
    version,
    sha256: prepared.sha256,
    format: prepared.format,
    adjustment: prepared.adjustment,
    importedAt: prepared.importedAt,
    policy: prepared.policy,
  });
  const ids = instruments.ensure(prepared.series.map((s) => s.symbol));
  if (prepared.constituents !== null) {
    for (const symbol of ids.keys()) {
      const info = prepared.constituents.lookup(symbol);
      if (info !== undefined) instruments.setMetadata(symbol, { ...info, exchange: null });
    }
  }

  const sourceOf = memoSource(datasets);
  const revisionIssues: ImportIssue[] = [];
  const changedSymbols: string[] = [];
  let inserted = 0;
  let changed = 0;
  let unchanged = 0;
  prepared.series.forEach((series, index) => {
    if (options.signal?.aborted === true) {
      throw new AppError('CANCELLED', `Import of ${prepared.source} was cancelled; nothing was written.`, { source: prepared.source });
    }
    const instrumentId = ids.get(series.symbol);
    strictAssert(instrumentId !== undefined, `instrument id for ${series.symbol}`);
    const counts = mergeSeries(bars, instrumentId, series, bars.readStored(instrumentId), {
      datasetId,
      source: prepared.source,
      sourceOf,
      tolerance: prepared.reconcileTolerance,
      file: (i) => prepared.files[i] ?? null,
      onIssue: (issue) => revisionIssues.push(issue),
    });
    inserted += counts.inserted;
    changed += counts.changed;
    unchanged += counts.unchanged;
    if (counts.inserted + counts.changed > 0) {
      bars.rebuildSeriesCache(instrumentId);
      changedSymbols.push(series.symbol);
    }
    options.onProgress?.({ symbolsDone: index + 1, symbolsTotal: prepared.series.length, barsWritten: inserted + changed });
  });

  for (const split of prepared.splits) {
    const instrumentId = ids.get(split.symbol);
    strictAssert(instrumentId !== undefined, `instrument id for split of ${split.symbol}`);
    actions.save(instrumentId, { kind: 'split', day: split.day, numerator: split.numerator, denominator: split.denominator, source: 'inferred', datasetId });
  }

  const issues = [...prepared.issues, ...revisionIssues];
  issuesRepo.insertMany(datasetId, issues);
  const bounds = dayBounds(prepared.series);
  datasets.finish(datasetId, {
    rowsRead: prepared.rowsRead,
    rowsAccepted: inserted + changed + unchanged,
    rowsRejected: prepared.rowsRejected,
    barsInserted: inserted,
    barsChanged: changed,
    barsUnchanged: unchanged,
    symbolCount: prepared.series.length,
    firstDay: bounds.first,
    lastDay: bounds.last,
    issueSummary: summarize(issues),
  });
  return { dataset: datasets.require(datasetId), noOp: false, issues, changedSymbols };
}

interface MergeContext {
  readonly datasetId: number;
  readonly source: string;
  readonly sourceOf: (datasetId: number) => string;
  readonly tolerance: number;
  readonly file: (index: number) => string | null;
  readonly onIssue: (issue: ImportIssue) => void;
}

/**
 * Walks the incoming and stored series (both ascending) in step. Two separate facts are
 * recorded: a changed bar is `bar_revised` (info), and an overlap with a bar another source
 * supplied is reconciled (reconcileBars: `source_mismatch` beyond the tolerance), changed
 * or not.
 */
function mergeSeries(
  bars: BarsRepo,
  instrumentId: number,
  incoming: ColumnarSeries,
  stored: StoredSeries,
  context: MergeContext,
): { inserted: number; changed: number; unchanged: number } {
  let inserted = 0;
  let changed = 0;
  let unchanged = 0;
  const otherSourceBars: ReconcileBar[] = [];
  const overlapping: ReconcileBar[] = [];
  const incomingIndexOfDay = new Map<EpochDay, number>();
  let j = 0;
  for (let i = 0; i < incoming.length; i += 1) {
    const day = at(incoming.days, i);
    while (j < stored.days.length && at(stored.days, j) < day) j += 1;
    const next: BarValues = {
      open: at(incoming.open, i),
      high: at(incoming.high, i),
      low: at(incoming.low, i),
      close: at(incoming.close, i),
      volume: at(incoming.volume, i),
    };
    if (j >= stored.days.length || at(stored.days, j) !== day) {
      bars.insert(instrumentId, day, next, context.datasetId);
      inserted += 1;
      continue;
    }
    const old = {
      open: at(stored.open, j),
      high: at(stored.high, j),
      low: at(stored.low, j),
      close: at(stored.close, j),
      volume: at(stored.volume, j),
      datasetId: at(stored.datasetIds, j),
    };
    const oldSource = context.sourceOf(old.datasetId);
    if (oldSource !== context.source) {
      otherSourceBars.push({ symbol: incoming.symbol, day, ...old });
      overlapping.push({ symbol: incoming.symbol, day, ...next, line: at(incoming.lines, i) });
      incomingIndexOfDay.set(day, i);
    }
    if (sameValues(old, next)) {
      unchanged += 1;
      continue;
    }
    bars.revise(instrumentId, day, old, next, context.datasetId);
    changed += 1;
    context.onIssue({
      kind: 'bar_revised',
      severity: 'info',
      symbol: incoming.symbol,
      day,
      detail:
        `${incoming.symbol} ${formatIsoDate(day)} revised: ${describeChange(old, next)} ` +
        `(previous value from dataset ${old.datasetId}, ${oldSource}).`,
      file: context.file(at(incoming.files, i)),
      line: at(incoming.lines, i),
      field: firstChangedField(old, next),
    });
  }
  if (otherSourceBars.length > 0) {
    for (const issue of reconcileBars(otherSourceBars, overlapping, context.tolerance)) {
      const i = issue.day === null ? undefined : incomingIndexOfDay.get(issue.day);
      context.onIssue({ ...issue, file: i === undefined ? null : context.file(at(incoming.files, i)) });
    }
  }
  return { inserted, changed, unchanged };
}

const fields = ['open', 'high', 'low', 'close', 'volume'] as const;

function sameValues(a: BarValues, b: BarValues): boolean {
  return fields.every((field) => a[field] === b[field]);
}

function describeChange(a: BarValues, b: BarValues): string {
  return fields
    .filter((field) => a[field] !== b[field])
    .map((field) => `${field} ${a[field]} → ${b[field]}`)
    .join(', ');
}

function firstChangedField(a: BarValues, b: BarValues): string | null {
  return fields.find((field) => a[field] !== b[field]) ?? null;
}

function summarize(issues: readonly ImportIssue[]): Record<string, number> {
  const summary: Record<string, number> = {};
  for (const issue of issues) summary[issue.kind] = (summary[issue.kind] ?? 0) + 1;
  return summary;
}

function memoSource(datasets: DatasetsRepo): (datasetId: number) => string {
  const cache = new Map<number, string>();
  return (datasetId) => {
    let source = cache.get(datasetId);
    if (source === undefined) {
      source = datasets.source(datasetId);
      strictAssert(source !== undefined, `dataset ${datasetId} referenced by a bar exists`);
      cache.set(datasetId, source);
    }
    return source;
  };
}

function at(array: Int32Array | Float64Array, index: number): number {
  const value = array[index];
  strictAssert(value !== undefined, `index ${index} within a series of ${array.length}`);
  return value;
}
