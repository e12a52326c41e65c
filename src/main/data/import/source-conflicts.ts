import type { ConflictClassification } from '../../../shared/domain/market-data';
import type { OhlcvColumns } from '../../core/market/series';
import { formatIsoDate, type EpochDay } from '../../core/time/epoch-day';
import { formatValue } from '../csv/field-parsers';
import { describeSplit, matchSplitRatio } from '../validation/split-ratios';

/**
 * Whether an import's bars for one symbol agree with the bars ANOTHER source already stored,
 * and if not, why. Pure: no I/O.
 *
 * Only prices decide (open, high, low, close; relative to the larger value, as reconcile.ts
 * does). Volume is left out on purpose: vendors legitimately disagree on it by tens of percent.
 *
 * Classification, with f the per-day close ratio incoming / existing on the differing days:
 * - the scale is CONSTANT when every f is within `tolerance` of their median; the median is
 *   then reported as the factor (×7, ×0.5 …);
 * - `basis_mismatch` (a likely basis or split mismatch): the factor is constant, it matches a
 *   split ratio, and the differing days are exactly the overlap's first days up to a date,
 *   with every later overlapping day agreeing. That is the shape a split leaves between a raw
 *   and an adjusted series (all days before the ex-date differ by the ratio, none after).
 *   The scale must also have a split to explain it: a known split of the symbol after those
 *   days with that ratio, or a factor above 1 (the file quotes prices from before a later
 *   split the stored series is adjusted for). A file uniformly BELOW the stored series with
 *   no known split would need a split the store has never seen, so it is called corrupt;
 * - `corrupt_rows`: anything else (scattered days, no single factor, a factor no split has,
 *   e.g. every price at half).
 */

export interface OverlapInput {
  /** The import's bars, already on the series' basis. */
  readonly incoming: OhlcvColumns;
  /** The stored bars, with which source supplied each. */
  readonly stored: OhlcvColumns;
  /** True where stored bar `j` came from a different source than the import. */
  readonly otherSource: (storedIndex: number) => boolean;
  /** Relative price difference beyond which two bars disagree (config data.reconcileTolerance). */
  readonly tolerance: number;
  /** How close a factor must be to a split ratio (config data.splitRatioTolerance). */
  readonly splitRatioTolerance: number;
  /** S(day): the product of the symbol's known split ratios with ex-date after `day`. */
  readonly knownSplitFactor?: (day: EpochDay) => number;
}

export interface OverlapVerdict {
  /** Overlapping days whose stored bar is another source's. */
  readonly overlapDays: number;
  /** 1 where incoming bar `i` overlaps another source and disagrees. */
  readonly differs: Uint8Array;
  readonly differingDays: number;
  readonly classification: ConflictClassification | null;
  readonly factor: number | null;
  /** Human explanation, naming the days, the factor and the classification. */
  readonly detail: string;
}

const PRICE_FIELDS = ['open', 'high', 'low', 'close'] as const;

function relativeDifference(a: number, b: number): number {
  const scale = Math.max(Math.abs(a), Math.abs(b));
  return scale === 0 ? 0 : Math.abs(a - b) / scale;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? Number.NaN) + (sorted[mid] ?? Number.NaN)) / 2;
}

/** Compares the overlap and, when it disagrees, classifies the disagreement. */
export function compareWithOtherSources(input: OverlapInput): OverlapVerdict {
  const { incoming, stored } = input;
  const n = incoming.days.length;
  const differs = new Uint8Array(n);
  const overlapDays: EpochDay[] = [];
  const overlapDiffers: boolean[] = [];
  const ratios: number[] = [];
  let j = 0;
  for (let i = 0; i < n; i += 1) {
    const day = incoming.days[i] ?? 0;
    while (j < stored.days.length && (stored.days[j] ?? 0) < day) j += 1;
    if (j >= stored.days.length || stored.days[j] !== day || !input.otherSource(j)) continue;
    const disagree = PRICE_FIELDS.some((field) => relativeDifference(stored[field][j] ?? 0, incoming[field][i] ?? 0) > input.tolerance);
    overlapDays.push(day);
    overlapDiffers.push(disagree);
    if (disagree) {
      differs[i] = 1;
      ratios.push((incoming.close[i] ?? Number.NaN) / (stored.close[j] ?? Number.NaN));
    }
  }
  const differingDays = ratios.length;
  if (differingDays === 0) {
    return { overlapDays: overlapDays.length, differs, differingDays, classification: null, factor: null, detail: '' };
  }
  const factor = median(ratios);
  const constant = Number.isFinite(factor) && factor > 0 && ratios.every((r) => relativeDifference(r, factor) <= input.tolerance);
  const split = constant ? matchSplitRatio(factor, input.splitRatioTolerance) : null;
  // The differing days form a prefix of the overlap: every overlapping day up to the last
  // differing one differs, and every one after it agrees (true by construction of "last").
  const lastDiffering = overlapDiffers.lastIndexOf(true);
  const prefix = overlapDiffers.slice(0, lastDiffering + 1).every(Boolean);
  const lastDay = overlapDays[lastDiffering] ?? 0;
  const known = input.knownSplitFactor?.(lastDay) ?? 1;
  const knownExplains =
    known !== 1 && (relativeDifference(factor, known) <= input.splitRatioTolerance || relativeDifference(1 / factor, known) <= input.splitRatioTolerance);
  const explained = knownExplains || factor > 1;
  const classification: ConflictClassification = split !== null && prefix && explained ? 'basis_mismatch' : 'corrupt_rows';
  const firstDay = overlapDays[overlapDiffers.indexOf(true)] ?? 0;
  const scale = constant ? `×${formatValue(Math.round(factor * 10_000) / 10_000)}` : 'no single factor';
  const span = `${differingDays} of ${overlapDays.length} overlapping days (${formatIsoDate(firstDay)} to ${formatIsoDate(lastDay)}) differ from the stored series beyond ${formatValue(input.tolerance * 100)}%`;
  const why =
    classification === 'basis_mismatch' && split !== null
      ? `one factor ${scale} on every day up to ${formatIsoDate(lastDay)}: likely a basis or split mismatch (${describeSplit(split)}${knownExplains ? ', a split known for the symbol,' : ''} not applied the same way by both sources; import the file with its true basis and the splits)`
      : constant
        ? `${scale} on the differing days, but not as a split would leave it: likely corrupt rows`
        : `${scale}: likely corrupt rows`;
  return {
    overlapDays: overlapDays.length,
    differs,
    differingDays,
    classification,
    factor: constant ? factor : null,
    detail: `${span}; ${why}.`,
  };
}
