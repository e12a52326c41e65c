import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcessApp, type InProcessApp } from '../../helpers/in-process-app';
import { connectRaw, type RawClient } from '../../helpers/ws-client';
import { readPersistedState } from './trading-test-kit';

const fixture = fileURLToPath(new URL('../../fixtures/store/hold-write-lock.mjs', import.meta.url));
let app: InProcessApp;
let client: RawClient;
let holder: ChildProcess;
let holderOutput = '';

function waitForHolder(line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (holderOutput.split('\n').includes(line)) resolve();
    };
    holder.stdout?.on('data', check);
    holder.once('exit', (code) => reject(new Error(`lock holder exited (${String(code)}) before "${line}": ${holderOutput}`)));
    check();
  });
}

/** True while another connection holds the research store's write lock. */
function researchWriteLockHeld(dbFile: string): boolean {
  const probe = new Database(dbFile, { timeout: 0 });
  try {
    probe.exec('BEGIN IMMEDIATE');
    probe.exec('ROLLBACK');
    return false;
  } catch (error) {
    if (error instanceof Database.SqliteError && error.code === 'SQLITE_BUSY') return true;
    throw error;
  } finally {
    probe.close();
  }
}

let sequence = 0;
function request(channel: string, payload: unknown): Promise<{ ok: boolean; value?: unknown }> {
  sequence += 1;
  return client.request(JSON.stringify({ type: 'request', id: `lock-${String(sequence).padStart(6, '0')}`, channel, payload })) as Promise<{ ok: boolean; value?: unknown }>;
}

beforeAll(async () => {
  app = await startInProcessApp();
  client = await connectRaw(app.server.port, { token: app.token });
  holder = spawn(process.execPath, [fixture, app.core.store.path], { stdio: ['pipe', 'pipe', 'inherit'] });
  holder.stdout?.on('data', (chunk: Buffer) => (holderOutput += chunk.toString()));
  await waitForHolder('locked');
});

afterAll(async () => {
  if (holder.exitCode === null) holder.kill('SIGKILL');
  client.close();
  await app.close();
});

describe('a research writer in another process holding the write lock', () => {
  it('cannot delay a halt or a resume: both persist and answer while the lock is still held', async () => {
    expect(researchWriteLockHeld(app.core.store.path)).toBe(true);

    const halted = await request('trading:halt', { reason: 'halt behind a research lock' });
    expect(halted).toMatchObject({ ok: true, value: { global: { status: 'HALTED', reason: 'halt behind a research lock' } } });
    // Persisted: a separate connection to the trading database sees it now.
    expect(readPersistedState(app.core.paths.tradingDbFile)[0]).toMatchObject({ status: 'HALTED', reason: 'halt behind a research lock' });

    const resumed = await request('trading:resume', { confirm: 'RESUME', reason: 'lock test over' });
    expect(resumed).toMatchObject({ ok: true, value: { global: { status: 'ACTIVE' } } });
    expect(readPersistedState(app.core.paths.tradingDbFile)[0]).toMatchObject({ status: 'ACTIVE', reason: 'lock test over' });
    expect(app.core.audit.list({ limit: 2 }).map((row) => row.action)).toEqual(['trading.resume', 'trading.halt']);

    // Ordering, not timing: all of the above happened while the other process still held the
    // lock (it only lets go when told, below).
    expect(researchWriteLockHeld(app.core.store.path)).toBe(true);
    expect(holderOutput).not.toContain('released');

    holder.stdin?.write('release\n');
    await waitForHolder('released');
    expect(researchWriteLockHeld(app.core.store.path)).toBe(false);
  });
});
