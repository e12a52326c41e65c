import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Store } from '../../../src/main/store/db';
import { coreSchema } from '../../../src/main/store/migrations/0001-core-schema';
import { createAppStateRepo, type AppStateRepo } from '../../../src/main/store/repos/app-state.repo';
import { expectAppError, makeTempDatabasePath, openTestStore } from './store-test-kit';

const killSwitchSchema = z.object({
  halted: z.boolean(),
  haltedAt: z.number().int().nullable(),
  haltReason: z.string().nullable(),
});

describe('app_state repository', () => {
  let dbPath: string;
  let cleanup: () => void;
  let store: Store;
  let state: AppStateRepo;
  let clock: number;

  beforeEach(() => {
    ({ dbPath, cleanup } = makeTempDatabasePath());
    store = openTestStore(dbPath, [coreSchema]);
    clock = 1_700_000_000_000;
    state = createAppStateRepo(store.db, { now: () => clock });
  });
  afterEach(() => {
    store.close();
    cleanup();
  });

  it('returns null for a key never set', () => {
    expect(state.get('trading.killSwitch', killSwitchSchema)).toBeNull();
  });

  it('persists a value across a restart and stamps updated_at', () => {
    state.set('trading.killSwitch', { halted: true, haltedAt: 1_700_000_000_000, haltReason: 'manual' });
    clock += 5000;
    state.set('trading.killSwitch', { halted: true, haltedAt: 1_700_000_000_000, haltReason: 'manual, confirmed' });
    store.close();

    store = openTestStore(dbPath, [coreSchema]);
    const reopened = createAppStateRepo(store.db);
    expect(reopened.get('trading.killSwitch', killSwitchSchema)).toEqual({
      halted: true,
      haltedAt: 1_700_000_000_000,
      haltReason: 'manual, confirmed',
    });
    expect(store.db.prepare('SELECT updated_at FROM app_state WHERE key = ?').get('trading.killSwitch')).toEqual({
      updated_at: 1_700_000_005_000,
    });
  });

  it('throws instead of returning null when the stored value no longer fits the schema', () => {
    state.set('trading.killSwitch', { halted: 'yes' });
    const error = expectAppError(() => state.get('trading.killSwitch', killSwitchSchema), 'VALIDATION_FAILED');
    expect(error.message).toContain('trading.killSwitch');
    expect(error.details).toMatchObject({ key: 'trading.killSwitch' });
  });

  it('refuses values JSON cannot hold faithfully, and bad keys', () => {
    expectAppError(() => state.set('k', undefined), 'VALIDATION_FAILED');
    expectAppError(() => state.set('k', { at: new Date(0) }), 'VALIDATION_FAILED');
    expectAppError(() => state.set('k', Number.POSITIVE_INFINITY), 'VALIDATION_FAILED');
    expectAppError(() => state.set('', 1), 'VALIDATION_FAILED');
    expect(state.get('k', z.unknown())).toBeNull();
  });

  it('deletes a key', () => {
    state.set('scratch', [1, 2, 3]);
    expect(state.delete('scratch')).toBe(true);
    expect(state.delete('scratch')).toBe(false);
    expect(state.get('scratch', z.array(z.number()))).toBeNull();
  });
});
