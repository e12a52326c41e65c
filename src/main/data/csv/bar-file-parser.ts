import { createHash } from 'node:crypto';
import type { FormatSpec, ImportIssue, ParsedBar } from '../core/pipeline-types';
import type { EpochDay } from '../../core/time/epoch-day';
import type { DateFormat } from '../../core/time/epoch-day';
import { readCheckedChunks, throwIfImportAborted } from './checked-chunks';
import { fileError } from './file-errors';
import { detectFormat, resolveColumns } from './format-detection';
import { RecordReader } from './record-reader';
import { RowChecker } from './row-checker';

/**
 * Streams one CSV file once: each chunk goes through the byte guard, the SHA-256 and the
 * record reader in turn, so memory stays bounded by the chunk size whatever the file size.
 *
 * Events come in batches, one per chunk read (about 20,000 rows per MiB), rather than one
 * per row: the consumer's await then costs once per batch, not per bar. The last event is
 * always `end` with the summary; a whole-file problem is thrown instead (AppError
 * VALIDATION_FAILED with details.file and details.problem, NOT_FOUND for a missing file,
 * CANCELLED when the signal fires). Such an error can follow batches already yielded (a
 * CSV syntax error near the end, say), so the importer must treat the file as failed as a
 * whole; it runs each file in one transaction anyway.
 */

export interface ParseBarFileOptions {
  /** Bars dated after this day are future_date errors; pass the exchange's today (New York). */
  readonly today: EpochDay;
  /** Explicit layout (a `mapped` spec from the mapping dialog, or one from previewFile); detected when absent. */
  readonly format?: FormatSpec;
  readonly signal?: AbortSignal;
  /** Bars on weekends and holidays: rejected ('error', the default) or kept with a warning. */
  readonly nonTradingDaySeverity?: 'error' | 'warning';
}

export interface BarFileSummary {
  readonly file: string;
  readonly format: FormatSpec;
  /** Lowercase hex SHA-256 of the file's bytes as stored, BOM included. */
  readonly sha256: string;
  readonly bytes: number;
  /** Null only when no row had a readable date. */
  readonly dateFormat: DateFormat | null;
  /** Data rows, excluding the header and blank lines. */
  readonly rowsRead: number;
  readonly rowsAccepted: number;
  readonly rowsRejected: number;
  /** Distinct symbols among accepted bars, sorted. */
  readonly symbols: readonly string[];
}

export type BarFileEvent =
  | { readonly type: 'batch'; readonly bars: readonly ParsedBar[]; readonly issues: readonly ImportIssue[] }
  | { readonly type: 'end'; readonly summary: BarFileSummary };

/** Bytes per read; the batch size follows from it. */
export const READ_CHUNK_BYTES = 1 << 20;


/** Header first (detect or resolve the layout), then every record through the row checker. */
class RecordHandler {
  format: FormatSpec | null = null;
  checker: RowChecker | null = null;
  bars: ParsedBar[] = [];
  issues: ImportIssue[] = [];

  constructor(
    private readonly file: string,
    private readonly options: ParseBarFileOptions,
  ) {}

  readonly onRecord = (fields: string[], line: number): void => {
    if (this.checker !== null) {
      this.checker.check(fields, line, this.bars, this.issues);
      return;
    }
    const format = this.options.format ?? detectFormat(fields, this.file);
    const columns = resolveColumns(fields, format, this.file);
    this.format = format;
    this.checker = new RowChecker({
      file: this.file,
      columns,
      today: this.options.today,
      nonTradingDaySeverity: this.options.nonTradingDaySeverity ?? 'error',
    });
  };

  /** The pending batch, or null when nothing is pending; starts a new one. */
  takeBatch(): BarFileEvent | null {
    if (this.bars.length === 0 && this.issues.length === 0) return null;
    const event: BarFileEvent = { type: 'batch', bars: this.bars, issues: this.issues };
    this.bars = [];
    this.issues = [];
    return event;
  }
}

export async function* parseBarFile(file: string, options: ParseBarFileOptions): AsyncGenerator<BarFileEvent, void, undefined> {
  const { signal } = options;
  const hash = createHash('sha256');
  const handler = new RecordHandler(file, options);
  const reader = new RecordReader(file, handler.onRecord);
  let bytes = 0;

  for await (const chunk of readCheckedChunks(file, { chunkBytes: READ_CHUNK_BYTES, ...(signal === undefined ? {} : { signal }) })) {
    hash.update(chunk);
    bytes += chunk.length;
    reader.push(chunk);
    const batch = handler.takeBatch();
    if (batch !== null) yield batch;
  }
  await reader.finish();
  throwIfImportAborted(signal, file);

  const { format, checker } = handler;
  if (format === null || checker === null) {
    throw fileError(file, 'empty_file', bytes === 0 ? 'the file is empty' : 'the file has no header row and no data', {
      bytes,
    });
  }
  if (checker.rowsRead === 0) {
    throw fileError(file, 'header_only', 'the file has a header but no data rows', { bytes });
  }
  const last = handler.takeBatch();
  if (last !== null) yield last;
  yield {
    type: 'end',
    summary: {
      file,
      format,
      sha256: hash.digest('hex'),
      bytes,
      dateFormat: checker.dateFormat,
      rowsRead: checker.rowsRead,
      rowsAccepted: checker.rowsAccepted,
      rowsRejected: checker.rowsRead - checker.rowsAccepted,
      symbols: [...checker.symbols].sort(),
    },
  };
}
