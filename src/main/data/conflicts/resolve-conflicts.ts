import type Database from 'better-sqlite3';
import { AppError, strictAssert } from '../../../shared/ipc/errors';
import type { DatasetRecord, HeldSeriesRecord } from '../../core/market/market-records';
import { formatIsoDate } from '../../core/time/epoch-day';
import { BarsRepo, type BarValues } from '../../store/repos/bars.repo';
import { ConflictsRepo, type HeldSeriesRow } from '../../store/repos/conflicts.repo';
import { DataIssuesRepo } from '../../store/repos/data-issues.repo';
import { DatasetsRepo } from '../../store/repos/datasets.repo';
import { InstrumentsRepo } from '../../store/repos/instruments.repo';
import type { ImportIssue } from '../core/pipeline-types';
import { summarize } from '../import/merge-series';

export type ConflictChoice = 'keep' | 'take';

export interface ResolveRequest {
  readonly symbol: string;
  /** keep: the stored series stays; take: the held bars replace it where they overlap and fill the rest. */
  readonly choice: ConflictChoice;
  /** Which import's held bars; needed for `take` when several imports hold bars for the symbol. */
  readonly datasetId?: number;
}

export interface Resolution {
  readonly held: HeldSeriesRecord;
  /** The new version of the held import's source that records the decision. */
  readonly dataset: DatasetRecord;
}

export interface ResolveResult {
  readonly symbol: string;
  readonly choice: ConflictChoice;
  readonly resolutions: readonly Resolution[];
  readonly barsInserted: number;
  readonly barsChanged: number;
}

/**
 * Settles a symbol's held conflicts in ONE `BEGIN IMMEDIATE` transaction. Each settled hold
 * becomes a new version of its import's source (`resolvesDatasetId` names the import), so
 * the history says who decided what: `keep` changes no bar; `take` applies the held bars
 * (already on the series' basis), recording each replaced bar in `bar_revisions` under the
 * new version, exactly as a re-import's revision is recorded. The version reuses the
 * source's latest input hash, so re-importing the same file afterwards is a no-op: the
 * decision stands until the source sends different data.
 *
 * Throws NOT_FOUND when nothing is held for the symbol (or the dataset named), and CONFLICT
 * when `take` is ambiguous (several imports hold bars for the symbol).
 */
export function resolveConflicts(db: Database.Database, request: ResolveRequest, now: number): ResolveResult {
  const run = db.transaction((): ResolveResult => {
    const conflicts = new ConflictsRepo(db);
    const pending = conflicts
      .list({ status: 'held', symbol: request.symbol })
      .filter((held) => request.datasetId === undefined || held.datasetId === request.datasetId);
    if (pending.length === 0) {
      const which = request.datasetId === undefined ? '' : ` from dataset ${request.datasetId}`;
      throw new AppError('NOT_FOUND', `No held conflict for ${request.symbol}${which}.`, { symbol: request.symbol, datasetId: request.datasetId ?? null });
    }
    if (request.choice === 'take' && pending.length > 1) {
      throw new AppError(
        'CONFLICT',
        `${request.symbol} has held bars from ${pending.length} imports (datasets ${pending.map((h) => h.datasetId).join(', ')}); name the one to take.`,
        { symbol: request.symbol, datasetIds: pending.map((h) => h.datasetId) },
      );
    }
    let barsInserted = 0;
    let barsChanged = 0;
    const resolutions = pending.map((held) => {
      const settled = settle(db, conflicts, held, request.choice, now);
      barsInserted += settled.inserted;
      barsChanged += settled.changed;
      return { held: conflicts.get(held.datasetId, held.instrumentId) ?? held, dataset: settled.dataset };
    });
    return { symbol: request.symbol, choice: request.choice, resolutions, barsInserted, barsChanged };
  });
  return run.immediate();
}

function settle(
  db: Database.Database,
  conflicts: ConflictsRepo,
  held: HeldSeriesRow,
  choice: ConflictChoice,
  now: number,
): { dataset: DatasetRecord; inserted: number; changed: number } {
  const datasets = new DatasetsRepo(db);
  const bars = new BarsRepo(db);
  const origin = datasets.require(held.datasetId);
  const latest = datasets.latestForSource(origin.source);
  strictAssert(latest !== undefined, `source ${origin.source} has a latest version`);
  const datasetId = datasets.create({
    source: origin.source,
    version: latest.version + 1,
    sha256: latest.sha256,
    format: origin.format,
    adjustment: held.basis,
    importedAt: now,
    policy: origin.policy,
    resolvesDatasetId: held.datasetId,
  });
  const issues: ImportIssue[] = [];
  let inserted = 0;
  let changed = 0;
  let unchanged = 0;
  if (choice === 'take') {
    const incoming = conflicts.bars(held.datasetId, held.instrumentId);
    const stored = bars.readStored(held.instrumentId);
    let j = 0;
    for (let i = 0; i < incoming.days.length; i += 1) {
      const day = incoming.days[i] ?? 0;
      while (j < stored.days.length && (stored.days[j] ?? 0) < day) j += 1;
      const next: BarValues = {
        open: incoming.open[i] ?? Number.NaN,
        high: incoming.high[i] ?? Number.NaN,
        low: incoming.low[i] ?? Number.NaN,
        close: incoming.close[i] ?? Number.NaN,
        volume: incoming.volume[i] ?? 0,
      };
      if (j >= stored.days.length || stored.days[j] !== day) {
        bars.insert(held.instrumentId, day, next, datasetId);
        inserted += 1;
        continue;
      }
      const old = {
        open: stored.open[j] ?? Number.NaN,
        high: stored.high[j] ?? Number.NaN,
        low: stored.low[j] ?? Number.NaN,
        close: stored.close[j] ?? Number.NaN,
        volume: stored.volume[j] ?? 0,
        datasetId: stored.datasetIds[j] ?? 0,
      };
      if (old.open === next.open && old.high === next.high && old.low === next.low && old.close === next.close && old.volume === next.volume) {
        unchanged += 1;
        continue;
      }
      bars.revise(held.instrumentId, day, old, next, datasetId);
      changed += 1;
      issues.push({
        kind: 'bar_revised',
        severity: 'info',
        symbol: held.symbol,
        day,
        detail: `${held.symbol} ${formatIsoDate(day)} revised by taking the held bars of dataset ${held.datasetId}: close ${old.close} → ${next.close} (previous value from dataset ${old.datasetId}).`,
        file: null,
        line: null,
        field: null,
      });
    }
    if (inserted + changed > 0) bars.rebuildSeriesCache(held.instrumentId);
    const instruments = new InstrumentsRepo(db);
    if (instruments.basisOf(held.instrumentId) === null) instruments.setBasis(held.instrumentId, held.basis);
  }
  new DataIssuesRepo(db).insertMany(datasetId, issues);
  datasets.finish(datasetId, {
    rowsRead: held.barCount,
    rowsAccepted: inserted + changed + unchanged,
    rowsRejected: 0,
    barsInserted: inserted,
    barsChanged: changed,
    barsUnchanged: unchanged,
    symbolCount: 1,
    firstDay: held.firstDay,
    lastDay: held.lastDay,
    issueSummary: summarize(issues),
  });
  conflicts.resolve(held.datasetId, held.instrumentId, choice === 'keep' ? 'kept' : 'taken', datasetId, now);
  return { dataset: datasets.require(datasetId), inserted, changed };
}
