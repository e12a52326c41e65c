import path from 'node:path';
import { AppError, isAppError } from '../../../shared/ipc/errors';
import { parseBarFile } from '../csv/bar-file-parser';
import type { FormatSpec, ImportIssue, ImportPolicy } from '../core/pipeline-types';
import type { EpochDay } from '../../core/time/epoch-day';
import { fileFailureError, unreadableFileIssue } from './file-issues';
import { SeriesBuffers } from './series-buffers';

export interface ParseProgress {
  readonly filesDone: number;
  readonly filesTotal: number;
  readonly rows: number;
}

export interface ParseOptions {
  readonly policy: ImportPolicy;
  readonly today: EpochDay;
  readonly format?: FormatSpec;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ParseProgress) => void;
}

/** Per file: its content hash, or null when it could not be read (lenient policy). */
export interface ParsedFile {
  readonly file: string;
  readonly sha256: string | null;
  readonly format: string | null;
}

export interface ParsedInputs {
  readonly buffers: SeriesBuffers;
  readonly files: readonly ParsedFile[];
  readonly issues: ImportIssue[];
  readonly rowsRead: number;
  readonly rowsRejected: number;
}

/**
 * Streams every file through the parser into columnar buffers; nothing touches the store.
 *
 * Strict: the first row-level error, or a file that cannot be parsed at all, throws
 * (VALIDATION_FAILED naming file, line and field), and the parser stops reading.
 * Lenient: rejected rows stay as issues; a file that fails as a whole is rolled back out
 * of the buffers (the parser may already have yielded some of its rows) and recorded as
 * one issue. Cancellation always throws.
 */
export async function parseInputs(files: readonly string[], options: ParseOptions): Promise<ParsedInputs> {
  const buffers = new SeriesBuffers();
  const issues: ImportIssue[] = [];
  const parsed: ParsedFile[] = [];
  let rowsRead = 0;
  let rowsRejected = 0;

  for (const [index, file] of files.entries()) {
    const mark = buffers.mark();
    const issuesBefore = issues.length;
    try {
      for await (const event of parseBarFile(file, {
        today: options.today,
        ...(options.format === undefined ? {} : { format: options.format }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      })) {
        if (event.type === 'batch') {
          for (const issue of event.issues) {
            if (options.policy === 'strict' && issue.severity === 'error') throw strictRowError(issue);
            issues.push(issue);
          }
          buffers.pushBatch(event.bars, index);
        } else {
          rowsRead += event.summary.rowsRead;
          rowsRejected += event.summary.rowsRejected;
          parsed.push({ file, sha256: event.summary.sha256, format: event.summary.format.name });
        }
      }
    } catch (error) {
      if (options.policy === 'strict' || (isAppError(error) && error.code === 'CANCELLED')) {
        throw fileFailureError(file, error);
      }
      buffers.rollback(mark);
      issues.length = issuesBefore;
      issues.push(unreadableFileIssue(file, error));
      parsed.push({ file, sha256: null, format: null });
    }
    options.onProgress?.({ filesDone: index + 1, filesTotal: files.length, rows: buffers.rows });
  }
  return { buffers, files: parsed, issues, rowsRead, rowsRejected };
}

/** The strict policy's refusal, naming the exact row and field. */
export function strictRowError(issue: ImportIssue): AppError {
  const where = [issue.file === null ? null : path.basename(issue.file), issue.line === null ? null : `line ${issue.line}`]
    .filter((part) => part !== null)
    .join(' ');
  return new AppError(
    'VALIDATION_FAILED',
    `${where === '' ? '' : `${where}: `}${issue.detail}${issue.field === null ? '' : ` (field ${issue.field})`}; ` +
      'nothing was imported (strict policy).',
    {
      file: issue.file,
      line: issue.line,
      field: issue.field,
      kind: issue.kind,
      symbol: issue.symbol,
    },
  );
}
