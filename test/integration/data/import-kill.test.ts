import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { importPath } from '../../../src/main/data/import/import-path';
import { databaseDigest } from '../../helpers/db-snapshot';
import { makeTempHome } from '../../helpers/temp-home';
import { sp500PricesDir } from '../../helpers/sp500';
import { copyPrices, importOptions, openStore, repoRoot, tableCounts } from './data-test-kit';

const fixture = path.join(repoRoot, 'test', 'fixtures', 'data', 'import-child.ts');

interface ChildLine {
  readonly event: string;
  readonly pid?: number;
  readonly phase?: string;
}

/**
 * Runs the import in a child process and SIGKILLs it (by the pid it reports) at the first
 * line `shouldKill` accepts. Resolves with that line and how the child ended.
 */
function importAndKill(
  dbFile: string,
  input: string,
  extraArgs: readonly string[],
  shouldKill: (line: ChildLine) => boolean,
): Promise<{ killedAt: ChildLine | null; signal: NodeJS.Signals | null; code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', fixture, dbFile, input, 'lenient', ...extraArgs], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let killedAt: ChildLine | null = null;
    let importerSignal: NodeJS.Signals | null = null;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    createInterface({ input: child.stdout }).on('line', (text) => {
      const line = JSON.parse(text) as ChildLine;
      if (killedAt === null && shouldKill(line)) {
        killedAt = line;
        // npx runs tsx, which runs the script in its own node process: kill that one by id.
        if (line.pid === undefined) throw new Error('progress lines carry the importer pid');
        process.kill(line.pid, 'SIGKILL');
        importerSignal = 'SIGKILL';
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ killedAt, signal: signal ?? importerSignal, code, stderr }));
  });
}

describe('import killed mid-way', () => {
  const homes: Array<{ cleanup: () => void }> = [];
  afterEach(() => homes.splice(0).forEach((home) => home.cleanup()));

  async function prepare(): Promise<{ dbFile: string; digest: string; counts: ReturnType<typeof tableCounts>; dir: string }> {
    const home = makeTempHome('arbdesk-kill-');
    homes.push(home);
    const store = openStore(home.dir);
    try {
      await importPath(store, copyPrices(path.join(home.dir, 'before'), ['KO', 'PEP']), importOptions());
      return { dbFile: store.path, digest: databaseDigest(store.db), counts: tableCounts(store.db), dir: home.dir };
    } finally {
      store.close();
    }
  }

  function expectUnchanged(dbFile: string, digest: string, counts: ReturnType<typeof tableCounts>): void {
    const store = openStore(path.dirname(dbFile), path.basename(dbFile));
    try {
      expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(store.db.pragma('foreign_key_check')).toEqual([]);
      expect(tableCounts(store.db)).toEqual(counts);
      expect(databaseDigest(store.db)).toBe(digest);
    } finally {
      store.close();
    }
  }

  it('SIGKILL inside the write transaction leaves exactly the pre-import content', async () => {
    const { dbFile, digest, counts } = await prepare();

    const outcome = await importAndKill(dbFile, sp500PricesDir(), ['--hold-mid-write'], (line) => line.event === 'holding');
    expect(outcome.stderr).not.toMatch(/Error/);
    expect(outcome.killedAt).toMatchObject({ event: 'holding' });
    // Half the universe (~300k bars) was written but not committed: the pages are in the WAL.
    expect(statSync(`${dbFile}-wal`).size).toBeGreaterThan(1_000_000);

    expectUnchanged(dbFile, digest, counts);
  });

  it('SIGKILL while files are still being parsed leaves exactly the pre-import content', async () => {
    const { dbFile, digest, counts } = await prepare();
    const outcome = await importAndKill(dbFile, sp500PricesDir(), [], (line) => line.event === 'progress' && line.phase === 'parse');
    expect(outcome.killedAt).toMatchObject({ phase: 'parse' });
    expectUnchanged(dbFile, digest, counts);
  });

  it('the store accepts a new import after the kill', async () => {
    const { dbFile, dir } = await prepare();
    await importAndKill(dbFile, sp500PricesDir(), ['--hold-mid-write'], (line) => line.event === 'holding');
    const store = openStore(path.dirname(dbFile), path.basename(dbFile));
    try {
      const report = await importPath(store, copyPrices(path.join(dir, 'after'), ['AAPL', 'MSFT']), importOptions());
      expect(report.dataset).toMatchObject({ version: 1, symbolCount: 2, barsInserted: 2518 });
    } finally {
      store.close();
    }
  });
});
