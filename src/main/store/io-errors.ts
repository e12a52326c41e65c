import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { AppError, isAppError } from '../../shared/ipc/errors';
import { isSqliteError } from './integrity';

/**
 * The one place a disk or lock failure becomes a typed error (issue 11, 9): a full volume, a
 * read-only or unwritable data directory, and a database still locked after the busy timeout.
 * Each message names the file, says what ArbDesk needs and what to do, and carries no stack;
 * the CLI maps the codes to sysexits (cli/exit-codes.ts). Callers pass whatever they caught:
 * SQLite errors (better-sqlite3's `code`) and Node's errno errors (`code` plus `path`) alike.
 */
export type IoFaultKind = 'full' | 'read-only' | 'busy';

export interface IoFaultContext {
  /** The file being written, when the caller knows it (SQLite errors do not say). */
  readonly file?: string;
  /** The busy timeout that ran out, for the busy message. */
  readonly busyTimeoutMs?: number;
}

const FULL_ERRNO = new Set(['ENOSPC', 'EDQUOT']);
const READ_ONLY_ERRNO = new Set(['EROFS', 'EACCES', 'EPERM']);

function codeOf(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || !('code' in error)) return null;
  return typeof error.code === 'string' ? error.code : null;
}

function pathOf(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || !('path' in error)) return null;
  return typeof error.path === 'string' ? error.path : null;
}

/** SQLite says CANTOPEN for a missing folder as well as an unwritable one; only the latter is ours. */
function folderIsUnwritable(file: string | undefined): boolean {
  if (file === undefined) return false;
  try {
    accessSync(path.dirname(file), constants.W_OK);
    return false;
  } catch (error) {
    return READ_ONLY_ERRNO.has(codeOf(error) ?? '');
  }
}

/** Which fault an error is, or null for anything else (those stay bugs or other errors). */
export function ioFaultKind(error: unknown, file?: string): IoFaultKind | null {
  const code = codeOf(error);
  if (code === null) return null;
  if (isSqliteError(error)) {
    if (code === 'SQLITE_FULL') return 'full';
    if (code.startsWith('SQLITE_READONLY')) return 'read-only';
    if (code.startsWith('SQLITE_BUSY')) return 'busy';
    if (code.startsWith('SQLITE_CANTOPEN') && folderIsUnwritable(file)) return 'read-only';
    return null;
  }
  if (FULL_ERRNO.has(code)) return 'full';
  if (READ_ONLY_ERRNO.has(code)) return 'read-only';
  return null;
}

function message(kind: IoFaultKind, file: string, context: IoFaultContext): string {
  const folder = path.dirname(file);
  switch (kind) {
    case 'full':
      return (
        `The volume holding ${file} is full, so ArbDesk could not write to it. ` +
        `It needs free space on that volume: free some (or set ARBDESK_HOME to a folder on a larger volume), then retry. ` +
        'The failed write was not kept.'
      );
    case 'read-only':
      return (
        `ArbDesk cannot write to ${file}: ${folder} is read-only or not writable by this user. ` +
        'It needs write access to its data directory: remount it read-write, fix its permissions, ' +
        'or set ARBDESK_HOME to a writable folder, then retry.'
      );
    case 'busy': {
      const waited = context.busyTimeoutMs === undefined ? '' : ` after waiting ${context.busyTimeoutMs} ms`;
      return (
        `The database ${file} is still locked by another connection${waited}. ` +
        'It needs the write lock, which another ArbDesk process (an import, a CLI command or a backup) holds: ' +
        'let that finish, then retry (or raise store.busyTimeoutMs).'
      );
    }
  }
}

const codeFor = { full: 'STORAGE_FULL', 'read-only': 'STORAGE_READ_ONLY', busy: 'STORE_BUSY' } as const;

/**
 * The typed error for a disk or lock fault, or null when `error` is not one. An AppError is
 * never re-mapped. The file named is the caller's, else the errno error's own path.
 */
export function ioFaultError(error: unknown, context: IoFaultContext = {}): AppError | null {
  if (isAppError(error)) return null;
  const file = context.file ?? pathOf(error) ?? undefined;
  const kind = ioFaultKind(error, file);
  if (kind === null) return null;
  const named = file === undefined ? 'the ArbDesk data directory' : path.resolve(file);
  return new AppError(
    codeFor[kind],
    message(kind, named, context),
    { path: file === undefined ? null : named, cause: codeOf(error) },
    { cause: error },
  );
}

/** Rethrows a disk or lock fault as its typed error and anything else unchanged. */
export function rethrowIoFault(error: unknown, context: IoFaultContext = {}): never {
  throw ioFaultError(error, context) ?? error;
}
