import type { ImportIssue, ParsedBar } from '../core/pipeline-types';
import { formatIsoDate } from '../../core/time/epoch-day';
import { formatValue } from '../csv/field-parsers';

/**
 * Cross-source reconciliation: the same (symbol, day) from two sources should agree.
 *
 * Prices: any of open/high/low/close differing by more than `tolerance`, relative to the
 * larger of the two values, is a source_mismatch warning.
 * Volume: compared separately and much more loosely, because vendors legitimately disagree
 * by 10–40% (consolidated tape versus primary listing venue, odd lots, late and extended-
 * hours prints). Volume alone is flagged only when one side is less than half the other
 * (`volumeTolerance`, default 0.5) or exactly one side is zero, and then as info, since
 * volume does not enter any price the engine trades on.
 * Days present in only one source are coverage differences, not mismatches.
 */

export type BarValues = Pick<ParsedBar, 'symbol' | 'day' | 'open' | 'high' | 'low' | 'close' | 'volume'> & {
  readonly line?: number;
};

export interface ReconcileOptions {
  /** Relative volume difference above which volumes disagree (0.5 = one is under half the other). */
  readonly volumeTolerance?: number;
  /** Attached to each issue: the incoming file, when there is one. */
  readonly file?: string | null;
}

export const DEFAULT_VOLUME_TOLERANCE = 0.5;

function relativeDifference(a: number, b: number): number {
  const scale = Math.max(Math.abs(a), Math.abs(b));
  return scale === 0 ? 0 : Math.abs(a - b) / scale;
}

function percent(value: number): string {
  return `${formatValue(Math.round(value * 10_000) / 100)}%`;
}

const PRICE_FIELDS = ['open', 'high', 'low', 'close'] as const;

export function reconcileBars(
  existing: readonly BarValues[],
  incoming: readonly BarValues[],
  tolerance: number,
  options: ReconcileOptions = {},
): ImportIssue[] {
  const volumeTolerance = options.volumeTolerance ?? DEFAULT_VOLUME_TOLERANCE;
  const file = options.file ?? null;
  const bySymbol = new Map<string, Map<number, BarValues>>();
  for (const bar of existing) {
    let days = bySymbol.get(bar.symbol);
    if (days === undefined) {
      days = new Map();
      bySymbol.set(bar.symbol, days);
    }
    days.set(bar.day, bar);
  }
  const issues: ImportIssue[] = [];
  for (const bar of incoming) {
    const other = bySymbol.get(bar.symbol)?.get(bar.day);
    if (other === undefined) continue;
    const priceDiffs: string[] = [];
    const differingFields: string[] = [];
    for (const field of PRICE_FIELDS) {
      const diff = relativeDifference(other[field], bar[field]);
      if (diff > tolerance) {
        differingFields.push(field);
        priceDiffs.push(`${field} ${formatValue(other[field])} vs ${formatValue(bar[field])} (${percent(diff)})`);
      }
    }
    const volumeDiff = relativeDifference(other.volume, bar.volume);
    const oneZero = (other.volume === 0) !== (bar.volume === 0);
    const volumeMismatch = oneZero || volumeDiff > volumeTolerance;
    if (priceDiffs.length === 0 && !volumeMismatch) continue;
    const parts = [...priceDiffs];
    if (volumeMismatch) {
      differingFields.push('volume');
      parts.push(`volume ${formatValue(other.volume)} vs ${formatValue(bar.volume)} (${percent(volumeDiff)})`);
    }
    const limits =
      priceDiffs.length > 0
        ? `prices differ by more than ${percent(tolerance)}`
        : `volumes differ by more than ${percent(volumeTolerance)}`;
    issues.push({
      kind: 'source_mismatch',
      severity: priceDiffs.length > 0 ? 'warning' : 'info',
      symbol: bar.symbol,
      day: bar.day,
      detail: `${formatIsoDate(bar.day)}: existing vs incoming ${parts.join(', ')}; ${limits}`,
      file,
      line: bar.line ?? null,
      field: differingFields.length === 1 ? (differingFields[0] ?? null) : null,
    });
  }
  return issues;
}
