import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openSecondaryConnection } from '../../../src/main/store/db';
import { latestVersion } from '../../../src/main/store/migrate';
import { migrations } from '../../../src/main/store/migrations';
import { createAppStateRepo } from '../../../src/main/store/repos/app-state.repo';
import { expectAppError, makeTempDatabasePath, openTestStore } from './store-test-kit';

describe('secondary connections (workers)', () => {
  let temp: ReturnType<typeof makeTempDatabasePath>;
  afterEach(() => temp.cleanup());

  it('open the database the primary prepared, with the primary\'s write settings, and write through WAL', () => {
    temp = makeTempDatabasePath();
    const primary = openTestStore(temp.dbPath, migrations);
    const worker = openSecondaryConnection({ path: temp.dbPath, busyTimeoutMs: 2000, migrations });
    expect(worker.schemaVersion).toBe(latestVersion(migrations));
    expect(worker.db.pragma('foreign_keys', { simple: true })).toBe(1);
    // 2 = FULL, as on the primary (a committed halt or audit entry survives a power cut).
    expect(worker.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(worker.db.pragma('journal_mode', { simple: true })).toBe('wal');
    createAppStateRepo(worker.db).set('probe', { from: 'worker' });
    expect(createAppStateRepo(primary.db).get('probe', z.object({ from: z.string() }))).toEqual({ from: 'worker' });
    worker.close();
    primary.close();
  });

  it('refuse a schema that is not the latest, without migrating it', () => {
    temp = makeTempDatabasePath();
    const older = migrations.slice(0, -1);
    openTestStore(temp.dbPath, older).close();
    const error = expectAppError(() => openSecondaryConnection({ path: temp.dbPath, busyTimeoutMs: 2000, migrations }), 'STORE_MIGRATION_FAILED');
    expect(error.details).toMatchObject({ userVersion: latestVersion(older), latestKnownVersion: latestVersion(migrations) });
    // Still at the older version: a secondary connection never migrates.
    const reopened = openSecondaryConnection({ path: temp.dbPath, busyTimeoutMs: 2000, migrations: older, readonly: true });
    expect(reopened.schemaVersion).toBe(latestVersion(older));
    reopened.close();
  });

  it('never create a missing file', () => {
    temp = makeTempDatabasePath();
    const missing = path.join(temp.dir, 'absent.db');
    const error = expectAppError(() => openSecondaryConnection({ path: missing, busyTimeoutMs: 2000, migrations }), 'UNAVAILABLE');
    expect(error.message).toContain(missing);
    expect(existsSync(missing)).toBe(false);
  });

  it('open read-only for readers, which cannot write', () => {
    temp = makeTempDatabasePath();
    openTestStore(temp.dbPath, migrations).close();
    const reader = openSecondaryConnection({ path: temp.dbPath, busyTimeoutMs: 2000, migrations, readonly: true });
    expect(reader.readonly).toBe(true);
    expect(() => createAppStateRepo(reader.db).set('probe', 1)).toThrow(/readonly/);
    reader.close();
  });
});
