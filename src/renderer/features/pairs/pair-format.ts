import type { PairResultView } from '../../../shared/domain/scanner';

/** p- and q-values: scientific below 1e-4, so 3e-9 is not shown as 0.0000. */
export function formatProbability(value: number | null): string {
  if (value === null) return '—';
  if (value !== 0 && value < 1e-4) return value.toExponential(1);
  return value.toFixed(4);
}

export function formatRatio(value: number | null, digits = 3): string {
  return value === null ? '—' : value.toFixed(digits);
}

/** Half-life in trading days; "∞" for a spread that does not revert. */
export function formatHalfLife(value: number | 'inf' | null): string {
  if (value === null) return '—';
  if (value === 'inf') return '∞';
  return value.toFixed(1);
}

export function pairLabel(row: Pick<PairResultView, 'y' | 'x'>): string {
  return `${row.y} / ${row.x}`;
}
