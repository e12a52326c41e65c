import path from 'node:path';
import { AppError } from '../../../shared/ipc/errors';

/**
 * Why a whole file was refused. Carried as `details.problem` on a VALIDATION_FAILED error so
 * the import dialog can react (offer a column mapping for `missing_columns`, say "this is
 * an Excel workbook" for `binary`) without parsing the message.
 */
export type FileProblem =
  | 'empty_file'
  | 'header_only'
  | 'no_header'
  | 'binary'
  | 'invalid_utf8'
  | 'unknown_columns'
  | 'missing_columns'
  | 'duplicate_columns'
  | 'no_symbol'
  | 'line_too_long'
  | 'csv_syntax'
  | 'not_price_table';

export function fileError(
  file: string,
  problem: FileProblem,
  message: string,
  details: Record<string, unknown> = {},
  cause?: unknown,
): AppError {
  return new AppError(
    'VALIDATION_FAILED',
    `${path.basename(file)}: ${message}`,
    { file, problem, ...details },
    cause === undefined ? undefined : { cause },
  );
}

/** ENOENT and friends as NOT_FOUND naming the path; anything else is rethrown untouched. */
export function rethrowAsFileError(file: string, error: unknown): never {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    throw new AppError('NOT_FOUND', `File not found: ${file}`, { file }, { cause: error });
  }
  if (code === 'EISDIR') {
    throw new AppError('VALIDATION_FAILED', `${file} is a directory, not a CSV file`, { file }, { cause: error });
  }
  throw error;
}
