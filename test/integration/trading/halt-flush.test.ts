import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditService, type AuditService } from '../../../src/main/audit/audit.service';
import { readAuditHeadFile } from '../../../src/main/audit/audit-head-file';
import { EventBus } from '../../../src/main/events/event-bus';
import type { Store } from '../../../src/main/store/db';
import { flushToDisk } from '../../../src/main/store/flush-to-disk';
import { tradingMigrations } from '../../../src/main/store/trading-migrations';
import { KillSwitch } from '../../../src/main/trading/kill-switch';
import { createTradingStatePersistence } from '../../../src/main/trading/trading-state-persistence';
import { makeTempDatabasePath, openTestStore } from '../store/store-test-kit';
import { readAuditActions, readPersistedState } from './trading-test-kit';

/**
 * A restriction is committed without waiting for the disk and flushed right after, off the
 * main thread (trading-state-persistence.ts). These tests hold the flush open with a gate to
 * see each step: committed and visible to another connection first, the audit head file only
 * after the flush, the answer-side `flushed()` last; and a failed flush shouted, never lost.
 */

interface Gate {
  readonly flush: () => Promise<void>;
  open(): void;
  fail(error: Error): void;
  readonly calls: number;
}

function gate(): Gate {
  const waiting: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  let calls = 0;
  return {
    flush: () =>
      new Promise<void>((resolve, reject) => {
        calls += 1;
        waiting.push({ resolve, reject });
      }),
    open: () => {
      for (const entry of waiting.splice(0)) entry.resolve();
    },
    fail: (error) => {
      for (const entry of waiting.splice(0)) entry.reject(error);
    },
    get calls() {
      return calls;
    },
  };
}

let dir: string;
let cleanup: () => void;
let store: Store;
let dbFile: string;
let headFile: string;
let audit: AuditService;

beforeEach(() => {
  ({ dir, cleanup } = makeTempDatabasePath());
  dbFile = path.join(dir, 'trading.sqlite');
  store = openTestStore(dbFile, tradingMigrations);
  headFile = path.join(dir, 'audit-head.json');
  audit = createAuditService(store.db, { headFile });
});
afterEach(() => {
  store.close();
  cleanup();
});

function killSwitchWith(flush: () => Promise<void>, events = new EventBus()): KillSwitch {
  return new KillSwitch({ profile: 'paper', persistence: createTradingStatePersistence(store.db, audit, flush), events, logger: pino({ level: 'silent' }), now: Date.now });
}

async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  // Two turns of the event loop: long enough for any already-settled chain to run.
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('a halt committed before its flush', () => {
  it('is in the database for every connection when halt() returns; the head file and flushed() follow the flush', async () => {
    const flush = gate();
    const killSwitch = killSwitchWith(flush.flush);
    const initialHead = readAuditHeadFile(headFile);
    killSwitch.halt('flush test', 'test');

    expect(readPersistedState(dbFile).find((state) => state.scope === 'global')?.status).toBe('HALTED');
    expect(readAuditActions(dbFile)).toEqual(['trading.initialize', 'trading.halt']);
    expect(flush.calls).toBe(1);
    // Not yet on disk: the head outside the database must not name the halt's entry yet.
    expect(readAuditHeadFile(headFile)).toEqual(initialHead);
    const flushed = killSwitch.flushed();
    expect(await settled(flushed)).toBe(false);

    flush.open();
    await flushed;
    expect(readAuditHeadFile(headFile)?.id).toBe(2);
    // The connection is back at its configured synchronous level (FULL = 2) for every other commit.
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('waits for every restriction in flight, not only the last one', async () => {
    const flush = gate();
    const killSwitch = killSwitchWith(flush.flush);
    killSwitch.halt(null, 'test');
    killSwitch.annotateHalt('annotated', 'test');
    killSwitch.reduceOnly('pair only', 'test', 'pair:KO/PEP');
    expect(flush.calls).toBe(3);
    const flushed = killSwitch.flushed();
    expect(await settled(flushed)).toBe(false);
    flush.open();
    await flushed;
    expect(readAuditHeadFile(headFile)?.id).toBe(4);
  });

  it('keeps the halt and raises a critical alert when the flush fails; flushed() still resolves', async () => {
    const flush = gate();
    const events = new EventBus();
    const alerts: Array<{ title: string; severity: string }> = [];
    events.subscribe('alert', (alert) => alerts.push({ title: alert.title, severity: alert.severity }));
    const killSwitch = killSwitchWith(flush.flush, events);
    killSwitch.halt('disk trouble ahead', 'test');
    flush.fail(new Error('EIO: i/o error, fsync'));
    await killSwitch.flushed();
    expect(alerts).toEqual([{ title: 'Trading state not flushed to disk', severity: 'critical' }]);
    expect(killSwitch.current().global.status).toBe('HALTED');
    expect(readPersistedState(dbFile).find((state) => state.scope === 'global')?.status).toBe('HALTED');
  });

  it('resumes only once the resume is on disk: a resume is fsynced inside its own commit, with no flush step', async () => {
    const flush = gate();
    const killSwitch = killSwitchWith(flush.flush);
    killSwitch.halt('before resume', 'test');
    flush.open();
    await killSwitch.flushed();
    killSwitch.resume('all clear', 'test');
    expect(flush.calls).toBe(1);
    expect(readPersistedState(dbFile).find((state) => state.scope === 'global')?.status).toBe('ACTIVE');
    expect(readAuditHeadFile(headFile)?.id).toBe(3);
  });

  it('flushToDisk datasyncs the WAL of a file database and skips an in-memory one', async () => {
    await expect(flushToDisk(store.db)).resolves.toBeUndefined();
    const memory = openTestStore(':memory:', tradingMigrations);
    try {
      await expect(flushToDisk(memory.db)).resolves.toBeUndefined();
    } finally {
      memory.close();
    }
  });
});
