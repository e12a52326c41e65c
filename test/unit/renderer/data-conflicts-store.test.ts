import { describe, expect, it } from 'vitest';
import { createTypedClient } from '../../../src/renderer/api/typed-client';
import { createDataConflictsStore } from '../../../src/renderer/stores/data-conflicts-store';
import type { Conflict } from '../../../src/shared/domain/market-data';
import type { IpcError } from '../../../src/shared/ipc/errors';
import { ScriptedBridge } from './scripted-bridge';

const held: Conflict = {
  datasetId: 4,
  source: 'vendor-raw',
  version: 1,
  symbol: 'AAPL',
  basis: 'split',
  status: 'held',
  classification: 'basis_mismatch',
  factor: 7,
  overlapDays: 12,
  differingDays: 12,
  barCount: 12,
  firstDate: '2013-02-08',
  lastDate: '2013-02-26',
  detail: 'AAPL: 12 of 12 overlapping days differ …',
  resolvedByDatasetId: null,
  sample: [{ date: '2013-02-08', existing: { open: 1, high: 1, low: 1, close: 67.8542, volume: 7 }, incoming: { open: 7, high: 7, low: 7, close: 474.9794, volume: 1 } }],
};

describe('data conflicts store', () => {
  it('loads held conflicts, resolves one with its dataset, reloads and tells the page', async () => {
    let remaining: Conflict[] = [held];
    const bridge = new ScriptedBridge()
      .answer('data:conflicts', () => remaining)
      .answer('data:conflict-resolve', () => {
        remaining = [];
        return { symbol: 'AAPL', choice: 'keep', datasets: [], barsInserted: 0, barsChanged: 0 };
      });
    let resolved = 0;
    const store = createDataConflictsStore({ client: createTypedClient(bridge), notify: () => undefined, onResolved: () => (resolved += 1) });
    await store.getState().load();
    expect(store.getState().held).toEqual([held]);
    expect(await store.getState().resolve(held, 'keep')).toBe(true);
    expect(bridge.payloadsOf('data:conflict-resolve')).toEqual([{ symbol: 'AAPL', choice: 'keep', datasetId: 4 }]);
    expect(store.getState().held).toEqual([]);
    expect(store.getState().resolving).toBeNull();
    expect(resolved).toBe(1);
  });

  it('reports a failed resolution and keeps the list', async () => {
    const errors: IpcError[] = [];
    const bridge = new ScriptedBridge()
      .answer('data:conflicts', () => [held])
      .fail('data:conflict-resolve', { code: 'CONFLICT', message: 'no longer held' });
    const store = createDataConflictsStore({ client: createTypedClient(bridge), notify: (error) => errors.push(error), onResolved: () => undefined });
    await store.getState().load();
    expect(await store.getState().resolve(held, 'take')).toBe(false);
    expect(errors.map((e) => e.code)).toEqual(['CONFLICT']);
    expect(store.getState().held).toEqual([held]);
  });
});
