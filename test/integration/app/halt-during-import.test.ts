import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../../src/shared/ipc/envelope';
import { startInProcessApp, type InProcessApp } from '../../helpers/in-process-app';
import { writeSyntheticPrices } from '../../helpers/synthetic-prices';
import { makeTempHome } from '../../helpers/temp-home';
import { connectRaw, type RawClient } from '../../helpers/ws-client';

/**
 * Issue 11 §7 proof: a halt during the WRITE phase of a 505-file import (the worker holds the
 * research store's write lock in one long transaction) is answered and persisted, and the next
 * request answered, before the import finishes. No timing assertions: only the order of events.
 */
let app: InProcessApp;
let client: RawClient;
const inbox = makeTempHome('arbdesk-halt-import-');
let folder: string;

beforeAll(async () => {
  folder = `${inbox.dir}/prices`;
  writeSyntheticPrices(folder, 505, 1259);
  app = await startInProcessApp();
  client = await connectRaw(app.server.port, { token: app.token });
}, 120_000);

afterAll(async () => {
  client.close();
  await app.close();
  inbox.cleanup();
});

function persistedGlobal(tradingDbFile: string): { status: string; reason: string | null } | undefined {
  const db = new Database(tradingDbFile, { readonly: true, fileMustExist: true });
  try {
    return db.prepare("SELECT status, reason FROM trading_state WHERE scope = 'global'").get() as { status: string; reason: string | null } | undefined;
  } finally {
    db.close();
  }
}

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

describe('a halt during the write phase of a 505-file import', () => {
  it('is answered and persisted, and the next request answered, before the import finishes writing', async () => {
    const order: string[] = [];
    let jobId = '';
    const firstWrite = new Promise<void>((resolve) => {
      client.socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as ServerMessage;
        if (message.type !== 'event') return;
        const payload = message.payload as { jobId?: string; message?: string | null; state?: string };
        if (message.event === 'job:progress' && payload.jobId === jobId && typeof payload.message === 'string' && payload.message.startsWith('Writing:')) {
          if (!order.includes('write-phase')) order.push('write-phase');
          resolve();
        }
        if (message.event === 'data:imported' && payload.jobId === jobId) order.push('import-finished');
      });
    });
    const started = await client.request(JSON.stringify({ type: 'request', id: 'import-0001', channel: 'data:import', payload: { path: folder } }));
    expect(started).toMatchObject({ ok: true });
    jobId = (started as { value: { jobId: string } }).value.jobId;

    await firstWrite;
    // The worker is inside its one write transaction now.
    const lockedAtHalt = researchWriteLockHeld(app.core.store.path);

    const halted = await client.request(JSON.stringify({ type: 'request', id: 'halt-0001', channel: 'trading:halt', payload: { reason: 'halt while the import writes' } }));
    expect(halted).toMatchObject({ ok: true, value: { global: { status: 'HALTED', reason: 'halt while the import writes' } } });
    order.push('halt-answered');
    // Read through a separate connection, as another process would.
    expect(persistedGlobal(app.core.paths.tradingDbFile)).toEqual({ status: 'HALTED', reason: 'halt while the import writes' });
    order.push('halt-persisted');
    const next = await client.request(JSON.stringify({ type: 'request', id: 'state-0001', channel: 'trading:state', payload: {} }));
    expect(next).toMatchObject({ ok: true, value: { global: { status: 'HALTED' } } });
    order.push('next-answered');
    const lockedAfter = researchWriteLockHeld(app.core.store.path);

    await new Promise<void>((resolve) => {
      const poll = (): void => (order.includes('import-finished') ? resolve() : void setTimeout(poll, 50));
      poll();
    });
    expect(order).toEqual(['write-phase', 'halt-answered', 'halt-persisted', 'next-answered', 'import-finished']);
    // The research write lock was held by the import's writer throughout.
    expect(lockedAtHalt).toBe(true);
    expect(lockedAfter).toBe(true);

    const datasets = await client.request(JSON.stringify({ type: 'request', id: 'datasets-01', channel: 'data:datasets', payload: {} }));
    expect(datasets).toMatchObject({ ok: true, value: [expect.objectContaining({ symbolCount: 505, rowsAccepted: 505 * 1259 })] });
  }, 240_000);
});
