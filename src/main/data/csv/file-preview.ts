import { open } from 'node:fs/promises';
import { isAppError, type IpcError } from '../../../shared/ipc/errors';
import type { FormatSpec, ImportIssue, ParsedBar } from '../core/pipeline-types';
import type { EpochDay } from '../../core/time/epoch-day';
import type { DateFormat } from '../../core/time/epoch-day';
import { detectDateFormat } from '../../core/time/epoch-day';
import { ByteGuard } from './byte-guard';
import { cleanField, isMissingValue, parseDecimal } from './field-parsers';
import { fileError, rethrowAsFileError } from './file-errors';
import { detectFormat, resolveColumns } from './format-detection';
import { MAX_LINE_BYTES, RecordReader } from './record-reader';
import { RowChecker } from './row-checker';

/**
 * The first rows of a file for the import dialog: what the file looks like, which layout
 * was detected, and what is wrong with it, without reading more than the first ~1 MiB.
 * Whole-file problems (binary, no header, unknown columns …) are returned in `problems` as
 * wire errors rather than thrown, since showing them is the point of a preview; only a
 * missing file or an I/O failure throws.
 */

export interface FilePreview {
  readonly file: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Null when the layout could not be detected (see problems) . */
  readonly format: FormatSpec | null;
  readonly dateFormat: DateFormat | null;
  /** Whole-file problems, each a VALIDATION_FAILED wire error with details.problem; empty when importable. */
  readonly problems: readonly IpcError[];
  /** Row-level issues in the previewed rows, as the import would report them. */
  readonly issues: readonly ImportIssue[];
  /** True when the whole file fit in the preview. */
  readonly complete: boolean;
}

export interface PreviewOptions {
  /** Data rows to return (default 10). */
  readonly rows?: number;
  /** Layout to apply instead of detecting one (to check a mapping from the dialog). */
  readonly format?: FormatSpec;
  /** For future_date checks on the previewed rows; omitted, no row counts as future. */
  readonly today?: EpochDay;
}

const READ_BYTES = 64 * 1024;
const MAX_PREVIEW_BYTES = MAX_LINE_BYTES + READ_BYTES;

export async function previewFile(file: string, options: PreviewOptions = {}): Promise<FilePreview> {
  const wantRows = Math.max(0, Math.floor(options.rows ?? 10));
  const records: { fields: string[]; line: number }[] = [];
  const problems: IpcError[] = [];
  let complete = false;
  try {
    complete = await readLeadingRecords(file, wantRows + 1, records);
  } catch (error) {
    if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
    problems.push(error.toWire());
  }
  const [headerRecord, ...dataRecords] = records;
  const header = headerRecord?.fields ?? [];
  const rows = dataRecords.map((r) => r.fields);
  const shape = headerRecord === undefined ? null : notAPriceTable(header, rows);
  if (shape !== null) {
    // Not a price table: say what was found, echo nothing. The renderer is untrusted, and a
    // preview must not become a way to read arbitrary text files (keys, configs, passwd).
    const problem = fileError(file, 'not_price_table', `not a CSV price table: ${shape}`).toWire();
    return { file, header: [], rows: [], format: null, dateFormat: null, problems: [problem], issues: [], complete };
  }
  if (headerRecord === undefined && problems.length === 0) {
    problems.push(fileError(file, 'empty_file', 'the file is empty').toWire());
  } else if (headerRecord !== undefined && dataRecords.length === 0 && complete && problems.length === 0) {
    problems.push(fileError(file, 'header_only', 'the file has a header but no data rows').toWire());
  }

  let format: FormatSpec | null = null;
  let dateFormat: DateFormat | null = null;
  const issues: ImportIssue[] = [];
  if (headerRecord !== undefined && problems.length === 0) {
    try {
      const detected = options.format ?? detectFormat(header, file);
      const columns = resolveColumns(header, detected, file);
      format = detected;
      const checker = new RowChecker({
        file,
        columns,
        today: options.today ?? Number.MAX_SAFE_INTEGER,
        nonTradingDaySeverity: 'error',
      });
      const bars: ParsedBar[] = [];
      for (const record of dataRecords) checker.check(record.fields, record.line, bars, issues);
      dateFormat = checker.dateFormat;
    } catch (error) {
      if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
      problems.push(error.toWire());
    }
  }
  return { file, header, rows, format, dateFormat, problems, issues, complete };
}

/** A price table has a date column and at least five numeric ones (open, high, low, close, volume). */
const MIN_PRICE_COLUMNS = 6;
const MIN_NUMERIC_COLUMNS = 5;

/** Why the leading rows are not a price table, or null when they look like one. */
export function notAPriceTable(header: readonly string[], rows: readonly (readonly string[])[]): string | null {
  if (header.length < MIN_PRICE_COLUMNS) return `${header.length} column${header.length === 1 ? '' : 's'}`;
  if (rows.length === 0) return null;
  let dateColumns = 0;
  let numericColumns = 0;
  for (let column = 0; column < header.length; column += 1) {
    const values = rows.map((row) => cleanField(row[column] ?? '')).filter((value) => !isMissingValue(value));
    if (values.length === 0) continue;
    if (values.every((value) => detectDateFormat(value) !== null)) dateColumns += 1;
    else if (values.every((value) => Number.isFinite(parseDecimal(value)))) numericColumns += 1;
  }
  if (dateColumns === 0) return 'no column holds dates';
  if (numericColumns < MIN_NUMERIC_COLUMNS) return `${numericColumns} numeric column${numericColumns === 1 ? '' : 's'}, ${MIN_NUMERIC_COLUMNS} needed`;
  return null;
}

/** Reads records until `count` are collected or the file ends; true when it ended. */
async function readLeadingRecords(file: string, count: number, records: { fields: string[]; line: number }[]): Promise<boolean> {
  const handle = await open(file, 'r').catch((error: unknown) => rethrowAsFileError(file, error));
  try {
    const guard = new ByteGuard(file);
    const reader = new RecordReader(file, (fields, line) => {
      if (records.length < count) records.push({ fields, line });
    });
    let offset = 0;
    while (records.length < count && offset < MAX_PREVIEW_BYTES) {
      const buffer = Buffer.alloc(READ_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, READ_BYTES, offset).catch((error: unknown) => rethrowAsFileError(file, error));
      if (bytesRead === 0) {
        guard.finish();
        await reader.finish();
        return true;
      }
      const chunk = buffer.subarray(0, bytesRead);
      guard.inspect(chunk);
      reader.push(chunk);
      offset += bytesRead;
    }
    return false;
  } finally {
    await handle.close();
  }
}
