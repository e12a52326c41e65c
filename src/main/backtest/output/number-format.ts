/**
 * How the output files write numbers: the shortest text that reads back as the same double
 * (JavaScript's own Number → string), so a file is byte-identical whenever the numbers are,
 * and nothing is lost for the 1e-6 reconciliation a reader checks. −0 is written 0; a
 * non-finite value (only a profit factor with no losing trade) is written inf / -inf / nan.
 */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Number.POSITIVE_INFINITY) return 'inf';
  if (value === Number.NEGATIVE_INFINITY) return '-inf';
  if (value === 0) return '0';
  return String(value);
}

/** A CSV field: quoted only when it holds a comma, quote or line break (RFC 4180). */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return formatNumber(value);
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** A CSV file: the header, one line per row, LF line ends and a final newline. */
export function csvText(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  const lines = [header.join(','), ...rows.map((row) => row.map(csvField).join(','))];
  return `${lines.join('\n')}\n`;
}
