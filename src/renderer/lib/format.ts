/**
 * Display formatting shared by the pages. Times are shown in the machine's local zone (the
 * trader's clock); trading dates are dates, shown as stored.
 */

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** 14:03:07.125 */
export function formatClockTime(epochMs: number): string {
  const d = new Date(epochMs);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** 2024-03-15 14:03:07 */
export function formatDateTime(epochMs: number): string {
  const d = new Date(epochMs);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

const integerFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 1,234,567 */
export function formatInteger(value: number): string {
  return integerFormat.format(value);
}

/** Prices with at least two and at most six decimals: 12.50, 0.000125. */
/** "1 issue", "2 issues", "1,259 bars": a count with its noun in the right number. */
export function formatCount(value: number, singular: string, plural = `${singular}s`): string {
  return `${formatInteger(value)} ${value === 1 ? singular : plural}`;
}

export function formatPrice(value: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 6, useGrouping: false });
}

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** 1.5 MB (binary multiples, one decimal above bytes). */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${BYTE_UNITS[unit]}`;
}

/** return_outlier → return outlier */
export function humanizeKind(kind: string): string {
  return kind.replaceAll('_', ' ');
}

export interface IssueCount {
  readonly kind: string;
  readonly count: number;
}

/** A dataset's issue summary as rows, most frequent first, ties by name. */
export function sortIssueSummary(summary: Readonly<Record<string, number>>): IssueCount[] {
  return Object.entries(summary)
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => ({ kind, count }))
    .sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind));
}

export function totalIssues(summary: Readonly<Record<string, number>>): number {
  return Object.values(summary).reduce((sum, count) => sum + count, 0);
}

/** "missing trading day ×12, return outlier ×3" or "none". */
export function describeIssueSummary(summary: Readonly<Record<string, number>>, limit = 3): string {
  const rows = sortIssueSummary(summary);
  if (rows.length === 0) return 'none';
  const shown = rows.slice(0, limit).map((row) => `${humanizeKind(row.kind)} ×${formatInteger(row.count)}`);
  const hidden = rows.length - shown.length;
  return hidden > 0 ? `${shown.join(', ')} +${hidden} more` : shown.join(', ');
}

/** "file.csv:42" when both are known. */
export function formatLocation(file: string | null, line: number | null): string {
  if (file === null) return line === null ? '' : `line ${line}`;
  return line === null ? file : `${file}:${line}`;
}
