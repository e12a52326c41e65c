import path from 'node:path';
import type { DataIssueKind } from '../../../shared/domain/market-data';
import { AppError, isAppError } from '../../../shared/ipc/errors';
import type { ImportIssue } from '../core/pipeline-types';

/** Issue kinds for problems with a whole file rather than a row. */
export const fileIssueKind: { readonly skipped: DataIssueKind; readonly unreadable: DataIssueKind } = {
  skipped: 'file_skipped',
  unreadable: 'file_unreadable',
};

/** Why a file could not be imported, from whatever the parser threw. */
export function describeFileFailure(error: unknown): string {
  if (isAppError(error)) return error.message;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (typeof code === 'string') return `cannot read the file (${code})`;
  return error instanceof Error ? error.message : String(error);
}

/** The lenient policy's record of a file that failed as a whole: none of its rows are kept. */
export function unreadableFileIssue(file: string, error: unknown): ImportIssue {
  return {
    kind: fileIssueKind.unreadable,
    severity: 'error',
    symbol: null,
    day: null,
    detail: `${path.basename(file)} was not imported: ${describeFileFailure(error)}`,
    file,
    line: isAppError(error) && typeof error.details?.['line'] === 'number' ? error.details['line'] : null,
    field: null,
  };
}

/**
 * The strict policy's error for a file that failed as a whole. AppErrors from the parser
 * already name the file; system errors (EACCES, EIO) are wrapped so the code is an AppError.
 */
export function fileFailureError(file: string, error: unknown): AppError {
  if (isAppError(error)) return error;
  return new AppError(
    'UNAVAILABLE',
    `Cannot import ${file}: ${describeFileFailure(error)}; nothing was written (strict policy).`,
    { file, errno: (error as NodeJS.ErrnoException | null)?.code ?? null },
    { cause: error },
  );
}
