import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { exitCodes } from '../../../src/main/cli/exit-codes';
import { importPath } from '../../../src/main/data/import/import-path';
import { isAppError } from '../../../src/shared/ipc/errors';
import { databaseDigest } from '../../helpers/db-snapshot';
import { makeTempHome } from '../../helpers/temp-home';
import { importOptions, openStore, repoRoot, sampleDir } from '../data/data-test-kit';

/*
 * Disk full, a read-only data directory and a lock held past the busy timeout, each through
 * the real CLI in its own process: a typed message naming the file, no stack, a sysexits
 * status, and the store unchanged. The full and read-only volumes are real: a small tmpfs
 * when this process may mount one (root), otherwise (read-only) a directory without write
 * permission, which binds any user but root. SQLITE_FULL is also produced without root by
 * capping the database's page count.
 */
const cli = path.join(repoRoot, 'test', 'fixtures', 'cli', 'run-cli.ts');
const fixtures = path.join(repoRoot, 'test', 'fixtures', 'data');

async function runCli(home: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ARBDESK_HOME: home, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stderr };
}

function digestOf(dbFile: string): string {
  const db = new Database(dbFile, { readonly: true });
  try {
    return databaseDigest(db);
  } finally {
    db.close();
  }
}

function expectNoStack(stderr: string): void {
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toContain('unexpected failure');
}

/** A tmpfs of `sizeKb`, or null when this process may not mount (not root, no privilege). */
function mountTmpfs(sizeKb: number): { dir: string; remountReadOnly(): void; unmount(): void } | null {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return null;
  const dir = mkdtempSync(path.join(tmpdir(), 'arbdesk-tmpfs-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', dir], { stdio: 'ignore' });
  if (mounted.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  return {
    dir,
    remountReadOnly() {
      const result = spawnSync('mount', ['-o', 'remount,ro', dir], { encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`remount read-only failed: ${result.stderr}`);
    },
    unmount() {
      spawnSync('umount', [dir], { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const cleanups: Array<() => void> = [];
afterAll(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

describe('I/O faults become typed errors with sysexits statuses', () => {
  it('a database locked past the busy timeout: STORE_BUSY, exit 75, nothing written', async () => {
    const home = makeTempHome();
    cleanups.push(home.cleanup);
    expect((await runCli(home.dir, ['data', 'import', path.join(fixtures, 'AAPL.csv')])).code).toBe(0);
    const dbFile = path.join(home.dir, 'arbdesk.sqlite');
    const before = digestOf(dbFile);

    const holder = new Database(dbFile);
    holder.exec('BEGIN IMMEDIATE');
    let result: { code: number | null; stderr: string };
    try {
      result = await runCli(home.dir, ['data', 'import', path.join(fixtures, 'BHF.csv')], { ARBDESK_STORE_BUSY_TIMEOUT_MS: '200' });
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(result.code, result.stderr).toBe(exitCodes.tempFail);
    expect(result.stderr).toContain(`The database ${dbFile} is still locked by another connection after waiting 200 ms`);
    expectNoStack(result.stderr);
    expect(digestOf(dbFile)).toBe(before);
  });

  it('a read-only data directory: STORAGE_READ_ONLY, exit 73, nothing written', async (context) => {
    const volume = mountTmpfs(8 * 1024);
    const isRoot = process.getuid?.() === 0;
    if (volume === null && isRoot) context.skip('root but cannot mount a tmpfs, and permissions do not bind root');
    const base = volume?.dir ?? makeTempHome().dir;
    const home = path.join(base, 'home');
    cleanups.push(() => (volume === null ? rmSync(base, { recursive: true, force: true }) : volume.unmount()));
    expect((await runCli(home, ['data', 'import', path.join(fixtures, 'AAPL.csv')])).code).toBe(0);
    const dbFile = path.join(home, 'arbdesk.sqlite');
    const before = digestOf(dbFile);

    const folders = ['', 'logs', 'backups', 'cache'].map((dir) => path.join(home, dir));
    if (volume !== null) volume.remountReadOnly();
    else {
      for (const dir of folders) chmodSync(dir, 0o555);
      chmodSync(dbFile, 0o444);
    }
    const result = await runCli(home, ['data', 'import', path.join(fixtures, 'BHF.csv')]);
    // Writable again before the digest: a reader of a WAL database may need to create -shm.
    if (volume === null) for (const dir of folders) chmodSync(dir, 0o755);
    expect(result.code, result.stderr).toBe(exitCodes.cantCreate);
    expect(result.stderr).toMatch(new RegExp(`ArbDesk cannot write to ${home}/\\S+: ${home}\\S* is read-only or not writable by this user`));
    expect(result.stderr).toContain('set ARBDESK_HOME to a writable folder');
    expectNoStack(result.stderr);
    expect(digestOf(dbFile)).toBe(before);
  });

  it('a full volume during an import: STORAGE_FULL, exit 74, nothing written', async (context) => {
    const volume = mountTmpfs(1024);
    if (volume === null) context.skip('mounting a small tmpfs needs root; the page-cap test below covers SQLITE_FULL');
    cleanups.push(() => volume?.unmount());
    const home = path.join(volume?.dir ?? '', 'home');
    expect((await runCli(home, ['data', 'import', path.join(fixtures, 'AAPL.csv')])).code).toBe(0);
    const dbFile = path.join(home, 'arbdesk.sqlite');
    const before = digestOf(dbFile);

    // The sample set is 2.7 MB of CSV: far more than the 1 MB volume holds.
    const result = await runCli(home, ['data', 'import', path.join(sampleDir, 'prices')]);
    expect(result.code, result.stderr).toBe(exitCodes.ioError);
    expect(result.stderr).toContain(`The volume holding ${dbFile} is full, so ArbDesk could not write to it.`);
    expectNoStack(result.stderr);
    expect(digestOf(dbFile)).toBe(before);
  });

  it('SQLITE_FULL inside the import transaction (page count capped): STORAGE_FULL naming the file, rolled back', async () => {
    const dir = makeTempHome();
    cleanups.push(dir.cleanup);
    const store = openStore(dir.dir);
    try {
      await importPath(store, path.join(fixtures, 'AAPL.csv'), importOptions());
      const before = databaseDigest(store.db);
      const pages = Number(store.db.pragma('page_count', { simple: true }));
      // SQLite's own limit: the next pages the import needs do not exist, exactly as on a full disk.
      store.db.pragma(`max_page_count = ${pages + 2}`);
      const error = await importPath(store, path.join(sampleDir, 'prices'), importOptions()).then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(isAppError(error) ? [error.code, error.details?.['path']] : error).toEqual(['STORAGE_FULL', store.path]);
      expect(databaseDigest(store.db)).toBe(before);
    } finally {
      store.close();
    }
  });
});
