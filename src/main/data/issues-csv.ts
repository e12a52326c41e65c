import type { DataIssue } from '../../shared/domain/market-data';

const columns = ['datasetId', 'symbol', 'date', 'kind', 'severity', 'detail', 'file', 'line', 'field'] as const;

/** RFC 4180 quoting; a leading formula character is neutralised so spreadsheets do not run it. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function issuesToCsv(issues: readonly DataIssue[]): string {
  const lines = [columns.join(',')];
  for (const issue of issues) lines.push(columns.map((column) => csvField(issue[column])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
