import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { exitCodeFor, exitCodes } from '../../../src/main/cli/exit-codes';
import { ioFaultError, ioFaultKind } from '../../../src/main/store/io-errors';
import { AppError } from '../../../src/shared/ipc/errors';

/** What Node's fs raises: an Error with errno `code` and the `path` it failed on. */
function errnoError(code: string, path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: failed, open '${path}'`), { code, path });
}

describe('io-errors: one mapping for disk and lock faults', () => {
  it.each([
    ['ENOSPC', 'full'],
    ['EDQUOT', 'full'],
    ['EROFS', 'read-only'],
    ['EACCES', 'read-only'],
    ['EPERM', 'read-only'],
    ['ENOENT', null],
    ['EIO', null],
  ] as const)('errno %s is %s', (code, kind) => {
    expect(ioFaultKind(errnoError(code, '/data/x'))).toBe(kind);
  });

  it.each([
    ['SQLITE_FULL', 'full'],
    ['SQLITE_READONLY', 'read-only'],
    ['SQLITE_READONLY_DIRECTORY', 'read-only'],
    ['SQLITE_BUSY', 'busy'],
    ['SQLITE_BUSY_SNAPSHOT', 'busy'],
    ['SQLITE_CONSTRAINT', null],
  ] as const)('SQLite %s is %s', (code, kind) => {
    expect(ioFaultKind(new Database.SqliteError('message', code))).toBe(kind);
  });

  it('names the errno path when the caller does not know the file, and keeps the cause', () => {
    const cause = errnoError('ENOSPC', '/data/logs/arbdesk.log');
    const error = ioFaultError(cause);
    expect(error?.code).toBe('STORAGE_FULL');
    expect(error?.message).toContain('/data/logs/arbdesk.log');
    expect(error?.details).toEqual({ path: '/data/logs/arbdesk.log', cause: 'ENOSPC' });
    expect(error?.cause).toBe(cause);
    expect(error?.message).not.toMatch(/\bat /);
  });

  it('leaves typed errors and unrelated failures alone', () => {
    expect(ioFaultError(new AppError('NOT_FOUND', 'x'))).toBeNull();
    expect(ioFaultError(new Error('plain bug'))).toBeNull();
    expect(ioFaultError('a string')).toBeNull();
  });

  it('maps the codes to sysexits', () => {
    expect(exitCodeFor('STORAGE_READ_ONLY')).toBe(exitCodes.cantCreate);
    expect(exitCodeFor('STORAGE_FULL')).toBe(exitCodes.ioError);
    expect(exitCodeFor('STORE_BUSY')).toBe(exitCodes.tempFail);
    expect([exitCodes.cantCreate, exitCodes.ioError, exitCodes.tempFail]).toEqual([73, 74, 75]);
  });
});
