import type { BacktestCsvFile } from '../../../shared/ipc/sections/backtest';
import { csvFile } from './csv-files';
import { reportHtml } from './report-html';
import { summaryJson, type RunOutputInput } from './summary-file';

export type { RunOutputInput };

export const csvFileNames: readonly BacktestCsvFile[] = ['fills.csv', 'accruals.csv', 'equity.csv', 'trades.csv'];

export interface OutputFile {
  readonly name: string;
  readonly mimeType: string;
  readonly content: string;
}

/** Every file of a run's output folder (the CLI's DIR), in a fixed order. */
export function outputFiles(input: RunOutputInput): OutputFile[] {
  return [
    ...csvFileNames.map((name) => ({ name, mimeType: 'text/csv', content: csvFile(input.report, name) })),
    summaryFile(input),
    htmlFile(input),
  ];
}

export function summaryFile(input: RunOutputInput): OutputFile {
  return { name: 'summary.json', mimeType: 'application/json', content: summaryJson(input) };
}

export function htmlFile(input: RunOutputInput): OutputFile {
  return { name: 'report.html', mimeType: 'text/html', content: reportHtml(input) };
}

export function csvOutputFile(input: RunOutputInput, name: BacktestCsvFile): OutputFile {
  return { name, mimeType: 'text/csv', content: csvFile(input.report, name) };
}
