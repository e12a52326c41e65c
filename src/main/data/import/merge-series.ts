import { strictAssert } from '../../../shared/ipc/errors';
import type { BarsRepo, BarValues, StoredSeries } from '../../store/repos/bars.repo';
import type { DatasetsRepo } from '../../store/repos/datasets.repo';
import { formatIsoDate, type EpochDay } from '../../core/time/epoch-day';
import { reconcileBars, type BarValues as ReconcileBar } from '../validation/reconcile';
import type { ImportIssue } from '../core/pipeline-types';
import type { ColumnarSeries } from './series-buffers';

export interface MergeContext {
  readonly datasetId: number;
  readonly source: string;
  readonly sourceOf: (datasetId: number) => string;
  readonly tolerance: number;
  readonly file: (index: number) => string | null;
  readonly onIssue: (issue: ImportIssue) => void;
}

export interface MergeCounts {
  readonly inserted: number;
  readonly changed: number;
  readonly unchanged: number;
}

/**
 * Walks the incoming and stored series (both ascending) in step and writes the incoming bars.
 * Called only for a symbol that passed the overlap check (source-conflicts.ts): another
 * source's bars agree within the tolerance, or the stored bars are this source's own (a
 * corrected re-import revises, as always). Two separate facts are recorded: a changed bar
 * is `bar_revised` (info), and an overlap with a bar another source supplied is reconciled
 * (reconcileBars: what is left to report is a volume disagreement, as info).
 */
export function mergeSeries(
  bars: BarsRepo,
  instrumentId: number,
  incoming: ColumnarSeries,
  stored: StoredSeries,
  context: MergeContext,
): MergeCounts {
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

export function summarize(issues: readonly ImportIssue[]): Record<string, number> {
  const summary: Record<string, number> = {};
  for (const issue of issues) summary[issue.kind] = (summary[issue.kind] ?? 0) + 1;
  return summary;
}

export function memoSource(datasets: DatasetsRepo): (datasetId: number) => string {
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

export function at(array: Int32Array | Float64Array, index: number): number {
  const value = array[index];
  strictAssert(value !== undefined, `index ${index} within a series of ${array.length}`);
  return value;
}
