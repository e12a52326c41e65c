import type { AdjustmentBasis } from '../../../shared/domain/market-data';
import { AppError } from '../../../shared/ipc/errors';
import type { BarsRepo } from '../../store/repos/bars.repo';
import type { ConflictsRepo } from '../../store/repos/conflicts.repo';
import type { CorporateActionsRepo } from '../../store/repos/corporate-actions.repo';
import type { InstrumentsRepo } from '../../store/repos/instruments.repo';
import type { ImportIssue, ImportPolicy } from '../core/pipeline-types';
import { missingTradingDays } from '../validation/series-validator';
import { mergeSeries, type MergeCounts } from './merge-series';
import type { ColumnarSeries } from './series-buffers';
import { toSeriesBasis } from './series-basis';
import { compareWithOtherSources } from './source-conflicts';

/** A symbol whose bars were held as a conflict with another source. */
export interface HeldSymbol {
  readonly symbol: string;
  readonly bars: number;
  readonly factor: number | null;
  readonly classification: 'basis_mismatch' | 'corrupt_rows';
  readonly detail: string;
}

/** A symbol not imported because its basis could not be converted. */
export interface RefusedSymbol {
  readonly symbol: string;
  readonly bars: number;
  readonly reason: string;
}

export type IntakeOutcome =
  | { readonly kind: 'merged'; readonly counts: MergeCounts }
  | { readonly kind: 'held'; readonly held: HeldSymbol }
  | { readonly kind: 'refused'; readonly refused: RefusedSymbol };

export interface IntakeRepos {
  readonly instruments: InstrumentsRepo;
  readonly bars: BarsRepo;
  readonly actions: CorporateActionsRepo;
  readonly conflicts: ConflictsRepo;
}

export interface IntakeContext {
  readonly datasetId: number;
  readonly source: string;
  readonly adjustment: AdjustmentBasis;
  readonly policy: ImportPolicy;
  readonly sourceOf: (datasetId: number) => string;
  readonly tolerance: number;
  readonly splitRatioTolerance: number;
  readonly file: (index: number) => string | null;
  readonly onIssue: (issue: ImportIssue) => void;
}

/**
 * One symbol of an import, inside its write transaction: basis, then overlap, then merge.
 * 1. The series has one basis (instruments.basis; a new series takes the import's). Bars in
 *    another basis are converted with the symbol's corporate actions, or refused with the
 *    reason (strict policy: the whole import fails, naming the symbol).
 * 2. Any newer import of this source settles the source's older held bars for the symbol.
 * 3. If the bars overlap another source's stored bars and disagree beyond the tolerance,
 *    ALL of the file's bars for the symbol are held (never some applied at another scale).
 * 4. Otherwise they merge, and gaps are judged on the merged series over the span they bring.
 */
export function intakeSymbol(repos: IntakeRepos, instrumentId: number, series: ColumnarSeries, context: IntakeContext): IntakeOutcome {
  const stored = repos.bars.readStored(instrumentId);
  const seriesBasis = repos.instruments.basisOf(instrumentId) ?? context.adjustment;
  const firstFile = context.file(series.files[0] ?? -1);
  const singleFile = series.files.every((f) => f === series.files[0]) ? firstFile : null;

  const lastStored = stored.days[stored.days.length - 1] ?? -Infinity;
  const lastIncoming = series.days[series.length - 1] ?? -Infinity;
  const appliedThrough = Math.max(lastStored, lastIncoming);
  const actions = repos.actions.forSymbol(series.symbol);
  const outcome = toSeriesBasis(series, context.adjustment, seriesBasis, actions, appliedThrough);
  if (outcome.kind === 'refused') {
    const reason = `${series.symbol} was not imported: ${outcome.reason}.`;
    if (context.policy === 'strict') {
      throw new AppError('VALIDATION_FAILED', `${reason} Nothing was written (strict policy).`, { symbol: series.symbol, field: 'adjustment' });
    }
    context.onIssue({ kind: 'basis_refused', severity: 'error', symbol: series.symbol, day: null, detail: reason, file: singleFile, line: null, field: 'adjustment' });
    return { kind: 'refused', refused: { symbol: series.symbol, bars: series.length, reason } };
  }
  const incoming = outcome.series;
  if (outcome.kind === 'converted') {
    context.onIssue({ kind: 'basis_converted', severity: 'info', symbol: series.symbol, day: null, detail: `${outcome.detail}.`, file: singleFile, line: null, field: null });
  }

  repos.conflicts.supersede(instrumentId, context.source, context.datasetId);

  const verdict = compareWithOtherSources({
    incoming,
    stored,
    otherSource: (j) => context.sourceOf(stored.datasetIds[j] ?? -1) !== context.source,
    tolerance: context.tolerance,
    splitRatioTolerance: context.splitRatioTolerance,
    knownSplitFactor: (day) =>
      actions.reduce((product, a) => (a.kind === 'split' && a.day > day && a.day <= appliedThrough ? product * (a.numerator / a.denominator) : product), 1),
  });
  if (verdict.classification !== null) {
    const detail = `${series.symbol}: ${verdict.detail} All ${incoming.length} of the file's bars for ${series.symbol} are held until you keep the stored series or take the new one.`;
    repos.conflicts.hold(
      {
        datasetId: context.datasetId,
        instrumentId,
        basis: seriesBasis,
        classification: verdict.classification,
        factor: verdict.factor,
        overlapDays: verdict.overlapDays,
        differingDays: verdict.differingDays,
        detail,
      },
      { ...incoming, differs: verdict.differs },
    );
    const firstDiffering = verdict.differs.indexOf(1);
    context.onIssue({
      kind: 'source_conflict',
      severity: 'warning',
      symbol: series.symbol,
      day: incoming.days[firstDiffering] ?? null,
      detail,
      file: singleFile,
      line: incoming.lines[firstDiffering] ?? null,
      field: null,
    });
    return {
      kind: 'held',
      held: { symbol: series.symbol, bars: incoming.length, factor: verdict.factor, classification: verdict.classification, detail },
    };
  }

  const counts = mergeSeries(repos.bars, instrumentId, incoming, stored, context);
  if (counts.inserted + counts.changed > 0) repos.bars.rebuildSeriesCache(instrumentId);
  if (repos.instruments.basisOf(instrumentId) === null) repos.instruments.setBasis(instrumentId, seriesBasis);
  for (const issue of missingTradingDays(series.symbol, mergedDays(stored.days, incoming.days), {
    file: singleFile,
    within: { from: incoming.days[0] ?? 0, to: incoming.days[incoming.length - 1] ?? 0 },
  })) {
    context.onIssue(issue);
  }
  return { kind: 'merged', counts };
}

/** The sorted union of two ascending day arrays. */
function mergedDays(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length || j < b.length) {
    const x = i < a.length ? (a[i] ?? 0) : Infinity;
    const y = j < b.length ? (b[j] ?? 0) : Infinity;
    if (x <= y) {
      out[n++] = x;
      i += 1;
      if (x === y) j += 1;
    } else {
      out[n++] = y;
      j += 1;
    }
  }
  return out.subarray(0, n);
}
