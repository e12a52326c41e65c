import type { AdjustmentBasis } from '../../../shared/domain/market-data';
import { assertNever, isAppError } from '../../../shared/ipc/errors';
import { formatIsoDate, type EpochDay } from '../../core/time/epoch-day';
import { toBasis, type BasisAction } from '../actions/price-basis';
import { formatRatio } from '../actions/action-fields';
import type { ColumnarSeries } from './series-buffers';

/**
 * Brings an import's bars for one symbol onto the basis of the stored series (one basis per
 * series, issue 11 §6), using the symbol's corporate actions. Pure: the actions are given.
 *
 * Refused, with the reason, when the conversion is not defined from what is known:
 * - it involves the dividend-adjusted basis and no dividend is known for the symbol in the
 *   file's range (the result would silently equal the split basis);
 * - the actions themselves are refused by the converter (malformed, duplicated, a dividend
 *   at or above the prior close).
 * A raw ↔ split conversion with no known split is the identity, which is right for a symbol
 * that never split; for one that did, the overlap check that follows sees the ratio and holds
 * the bars as a basis mismatch, so a wrong conversion is never applied silently.
 */

export type BasisOutcome =
  | { readonly kind: 'same'; readonly series: ColumnarSeries }
  | { readonly kind: 'converted'; readonly series: ColumnarSeries; readonly detail: string }
  | { readonly kind: 'refused'; readonly reason: string };

export function toSeriesBasis(
  series: ColumnarSeries,
  from: AdjustmentBasis,
  to: AdjustmentBasis,
  actions: readonly BasisAction[],
  appliedThrough: EpochDay,
): BasisOutcome {
  if (from === to) return { kind: 'same', series };
  const involvesDividends = from === 'split_dividend' || to === 'split_dividend';
  let converted;
  try {
    converted = toBasis(series, actions, from, to, { appliedThrough });
  } catch (error) {
    if (isAppError(error) && error.code === 'VALIDATION_FAILED') {
      return { kind: 'refused', reason: `its ${basisName(from)} prices cannot be converted to the series' ${basisName(to)} basis: ${error.message}` };
    }
    throw error;
  }
  if (involvesDividends && converted.warnings.some((w) => w.code === 'no_dividend_actions')) {
    return {
      kind: 'refused',
      reason:
        `the file is ${basisName(from)} but the stored ${series.symbol} series is ${basisName(to)}, and no dividend of ${series.symbol} ` +
        `is known in the file's range to convert it; import the dividends first (arbdesk data actions import FILE) and re-import`,
    };
  }
  // Volumes are whole shares in the store; a split → raw conversion divides them. Prices are
  // cut to 12 significant digits so a round trip (×7 then ÷7) lands on the stored value
  // rather than a float neighbour that would count as a revision.
  const volume = converted.series.volume.map((v) => Math.round(v));
  const tidy = (column: Float64Array): Float64Array => column.map((v) => Number(v.toPrecision(12)));
  const used = actions.filter((a) => a.day > (series.days[0] ?? 0) && a.day <= appliedThrough && (involvesDividends || a.kind === 'split'));
  const what = used.length === 0 ? 'no action applied (none known in range)' : used.map(describeAction).join(', ');
  return {
    kind: 'converted',
    series: {
      ...series,
      open: tidy(converted.series.open),
      high: tidy(converted.series.high),
      low: tidy(converted.series.low),
      close: tidy(converted.series.close),
      volume,
    },
    detail: `${series.symbol}: converted ${series.length} bars from ${basisName(from)} to the series' ${basisName(to)} basis with ${what}`,
  };
}

function describeAction(action: BasisAction): string {
  return action.kind === 'split'
    ? `the ${formatRatio(action)} split of ${formatIsoDate(action.day)}`
    : `the ${action.cashAmount} dividend of ${formatIsoDate(action.day)}`;
}

export function basisName(basis: AdjustmentBasis): string {
  switch (basis) {
    case 'raw':
      return 'raw (as traded)';
    case 'split':
      return 'split-adjusted';
    case 'split_dividend':
      return 'split- and dividend-adjusted';
    default:
      return assertNever(basis, 'adjustment basis');
  }
}
