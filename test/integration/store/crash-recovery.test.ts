import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runIntegrityCheck } from '../../../src/main/store/integrity';
import { makeTempDatabasePath, openTestStore } from './store-test-kit';

const fixture = fileURLToPath(new URL('../../fixtures/store/kill-mid-transaction.mjs', import.meta.url));
const COMMITTED_PER_RUN = 500;
const RUNS = 3;

/** Resolves once the child says it is inside its open transaction; rejects if it exits first. */
function waitForLine(child: ChildProcess, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.split('\n').includes(line)) resolve();
    });
    child.once('exit', (code, signal) => {
      reject(new Error(`fixture exited (code ${String(code)}, signal ${String(signal)}) before "${line}": ${stderr}`));
    });
  });
}

function waitForExit(child: ChildProcess): Promise<NodeJS.Signals | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.signalCode);
    else child.once('exit', (_code, signal) => resolve(signal));
  });
}

describe('a writer killed with SIGKILL mid-transaction', () => {
  let dbPath: string;
  let cleanup: () => void;
  let child: ChildProcess | undefined;

  beforeEach(() => {
    ({ dbPath, cleanup } = makeTempDatabasePath());
  });
  afterEach(async () => {
    if (child !== undefined && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await waitForExit(child);
    }
    cleanup();
  });

  it(`leaves a sound database with every committed row and no uncommitted one (${RUNS} runs)`, async () => {
    for (let run = 1; run <= RUNS; run += 1) {
      const current = spawn(process.execPath, [fixture, dbPath, String(COMMITTED_PER_RUN)], { stdio: ['ignore', 'pipe', 'pipe'] });
      child = current;
      const exited = waitForExit(current);
      await waitForLine(current, 'in-transaction');
      current.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      // The kill happened with a WAL on disk (committed frames plus spilled uncommitted ones),
      // so opening below exercises SQLite's recovery rather than a clean file.
      // 20,000 uncommitted rows of ~200 bytes with a 64 KiB cache: megabytes of spilled frames,
      // against well under one for the committed rows.
      expect(existsSync(`${dbPath}-wal`)).toBe(true);
      expect(statSync(`${dbPath}-wal`).size).toBeGreaterThan(2 * 1024 * 1024);

      const store = openTestStore(dbPath, []);
      expect(runIntegrityCheck(store.db)).toEqual([]);
      const counts = store.db
        .prepare('SELECT phase, count(*) AS n FROM ticks GROUP BY phase ORDER BY phase')
        .all() as Array<{ phase: string; n: number }>;
      expect(counts).toEqual([{ phase: 'committed', n: COMMITTED_PER_RUN * run }]);
      store.close();
    }
  });
});
