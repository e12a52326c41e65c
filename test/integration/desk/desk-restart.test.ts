import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppCore, type AppCore } from '../../../src/main/app/create-app-core';
import type { BlotterSnapshot } from '../../../src/shared/domain/desk';
import { testImportFolders } from '../../helpers/import-folders';
import { until } from '../../helpers/desk-harness';
import { makeTempHome } from '../../helpers/temp-home';
import { createAuditService } from '../../../src/main/audit/audit.service';
import { haltInDatabase } from '../../../src/main/control/halt-control';
import { tradingMigrations } from '../../../src/main/store/trading-migrations';
import { openTestStore, silentLogger } from '../store/store-test-kit';

/**
 * Desk state survives a restart: the real app core on one ARBDESK_HOME, stopped cleanly and
 * started again. The second core's desk re-reads the paper broker's orders (SQLite) and takes
 * back the working ones with their pair and leg; a halt then cancels them at the broker.
 */
const root = path.resolve(__dirname, '../../..');
let home = makeTempHome();
let core: AppCore | null = null;
let sequence = 0;

afterEach(async () => {
  await core?.dispose();
  core = null;
  home.cleanup();
  home = makeTempHome();
});

/** The sample imported, a slow replay started and one session played. */
async function replayed(on: AppCore): Promise<void> {
  const imported = new Promise<void>((resolve) => {
    const unsubscribe = on.events.subscribe('data:imported', () => {
      unsubscribe();
      resolve();
    });
  });
  await call(on, 'data:import', { path: path.join(root, 'resources/sample-data/prices') });
  await imported;
  await call(on, 'broker:replay-start', { symbols: ['KO', 'PEP'], from: '2017-12-01', speed: 0.001 });
  on.brokerDesk.paper?.replay.step();
}

async function start(): Promise<AppCore> {
  core = await createAppCore({
    transport: 'browser',
    env: { ...process.env, ARBDESK_HOME: home.dir, ARBDESK_DATA_IMPORT_SAMPLE_ON_FIRST_START: 'false', ARBDESK_DATA_IMPORT_FOLDERS: testImportFolders },
    auditSigning: false,
  });
  return core;
}

async function call<T>(on: AppCore, channel: string, payload: unknown): Promise<T> {
  sequence += 1;
  const response = await on.registry.dispatch({ type: 'request', id: `desk-restart-${sequence}`, channel, payload }, 'browser');
  if (!response.ok) throw new Error(`${channel}: ${response.error.message}`);
  return response.value as T;
}

const working = (snapshot: BlotterSnapshot) => snapshot.orders.filter((order) => order.status === 'accepted' || order.status === 'submitted' || order.status === 'partially_filled');

describe('the desk across a restart', () => {
  it('shows the same working orders after a restart, and a halt cancels them', async () => {
    const first = await start();
    const imported = new Promise<void>((resolve) => {
      const unsubscribe = first.events.subscribe('data:imported', () => {
        unsubscribe();
        resolve();
      });
    });
    await call(first, 'data:import', { path: path.join(root, 'resources/sample-data/prices') });
    await imported;
    await call(first, 'broker:replay-start', { symbols: ['KO', 'PEP'], from: '2017-12-01', speed: 0.001 });
    first.brokerDesk.paper?.replay.step();
    // One pair that filled in the next session (a position), one still working (queued for the session after).
    await call(first, 'desk:place', { pair: 'KO/PEP', intent: 'open', direction: 'long', beta: 1, orderType: 'MARKET', quantityY: 200, quantityX: 100, confirm: true });
    first.brokerDesk.paper?.replay.step();
    await call(first, 'desk:place', { pair: 'KO/PEP', intent: 'open', direction: 'long', beta: 1, orderType: 'MARKET', quantityY: 20, quantityX: 10, confirm: true });
    const before = await call<BlotterSnapshot>(first, 'desk:blotter', {});
    const workingBefore = working(before).map((order) => ({ id: order.id, pair: order.pair, leg: order.leg, symbol: order.symbol, side: order.side, quantity: order.quantity }));
    expect(workingBefore).toHaveLength(2);
    const heldBefore = before.positions.map((pair) => ({ pair: pair.pair, legs: pair.legs.map((leg) => ({ leg: leg.leg, symbol: leg.symbol, quantity: leg.quantity })) }));
    expect(heldBefore.flatMap((pair) => pair.legs).map((leg) => leg.quantity)).toEqual([200, -100]);
    await first.dispose();
    core = null;

    const second = await start();
    const after = await call<BlotterSnapshot>(second, 'desk:blotter', {});
    expect(working(after).map((order) => ({ id: order.id, pair: order.pair, leg: order.leg, symbol: order.symbol, side: order.side, quantity: order.quantity }))).toEqual(workingBefore);
    expect(after.positions.map((pair) => ({ pair: pair.pair, legs: pair.legs.map((leg) => ({ leg: leg.leg, symbol: leg.symbol, quantity: leg.quantity })) }))).toEqual(heldBefore);
    // The restored books agree with the broker's: no reconciliation halt.
    await second.desk.refreshAccount();
    expect(second.killSwitch.current().global.status).toBe('ACTIVE');

    await call(second, 'trading:halt', { reason: 'restart test' });
    const broker = second.brokerDesk.paper?.broker;
    if (broker === undefined) throw new Error('no paper broker');
    await until(() => second.desk.service?.blotter().orders.filter((order) => workingBefore.some((w) => w.id === order.id)).every((order) => order.status === 'cancelled') === true, 'the restored orders cancelled');
    expect((await broker.orders('paper')).filter((order) => workingBefore.some((w) => w.id === order.id))).toEqual([]);
    // A new order after the restart never reuses a previous run's id (the broker refuses duplicates).
    await call(second, 'trading:resume', { confirm: 'RESUME', reason: 'restart test' });
    // The replay is this run's: started again, it continues after the last session the account played.
    await call(second, 'broker:replay-start', { symbols: ['KO', 'PEP'], from: '2017-12-01', speed: 0.001 });
    second.brokerDesk.paper?.replay.step();
    const placed = await call<{ orders: { id: string }[] }>(second, 'desk:place', { pair: 'KO/PEP', intent: 'open', direction: 'long', beta: 1, orderType: 'MARKET', quantityY: 30, quantityX: 15, confirm: true });
    const earlier = new Set(before.orders.map((order) => order.id));
    expect(placed.orders.map((order) => earlier.has(order.id))).toEqual([false, false]);
  });

  it('a halt written while no instance ran cancels the re-read working orders at start', async () => {
    const first = await start();
    await replayed(first);
    await call(first, 'desk:place', { pair: 'KO/PEP', intent: 'open', direction: 'long', beta: 1, orderType: 'MARKET', quantityY: 200, quantityX: 100, confirm: true });
    const ids = working(await call<BlotterSnapshot>(first, 'desk:blotter', {})).map((order) => order.id);
    expect(ids).toHaveLength(2);
    const tradingDbFile = first.paths.tradingDbFile;
    await first.dispose();
    core = null;
    // `arbdesk halt` with no instance running writes HALTED to the store itself.
    const other = openTestStore(tradingDbFile, tradingMigrations);
    try {
      const reply = await haltInDatabase({ tradingDb: other.db, audit: createAuditService(other.db), logger: silentLogger, profile: 'paper', request: { op: 'halt', scope: 'global', reason: 'halted while closed', flatten: false, actor: 'user:cli' } });
      expect(reply).toMatchObject({ persisted: true });
    } finally {
      other.close();
    }
    const second = await start();
    expect(second.killSwitch.current().global.status).toBe('HALTED');
    const broker = second.brokerDesk.paper?.broker;
    if (broker === undefined) throw new Error('no paper broker');
    await until(() => second.desk.service?.blotter().orders.filter((order) => ids.includes(order.id)).every((order) => order.status === 'cancelled') === true, 'the re-read orders cancelled');
    expect((await broker.orders('paper')).filter((order) => ids.includes(order.id))).toEqual([]);
  });
});
