import { describe, expect, it } from 'vitest';
import { createTypedClient } from '../../../src/renderer/api/typed-client';
import {
  appendBounded,
  atLeast,
  createLogsStore,
  MAX_LOG_ENTRIES,
  mergeTail,
} from '../../../src/renderer/stores/logs-store';
import { addToast, createToastsStore, toastFromError, type Toast } from '../../../src/renderer/stores/toasts-store';
import { applyJobProgress, createJobsStore, progressFraction } from '../../../src/renderer/stores/jobs-store';
import {
  createThemeStore,
  resolveTheme,
  THEME_STORAGE_KEY,
  type ResolvedTheme,
} from '../../../src/renderer/stores/theme-store';
import type { LogEntry } from '../../../src/shared/domain/logs';
import type { JobProgress } from '../../../src/shared/domain/jobs';
import { ScriptedBridge, settle } from './scripted-bridge';

function entry(time: number, level: LogEntry['level'] = 'info', msg = `m${time}`): LogEntry {
  return { time, level, module: 'test', msg };
}

describe('logs', () => {
  it('keeps only the newest entries past the bound', () => {
    expect(appendBounded([1, 2, 3], [4, 5], 4)).toEqual([2, 3, 4, 5]);
    const same = [1];
    expect(appendBounded(same, [], 4)).toBe(same);
  });

  it('filters by minimum level', () => {
    const entries = [entry(1, 'debug'), entry(2, 'info'), entry(3, 'warn'), entry(4, 'fatal')];
    expect(atLeast(entries, 'warn').map((e) => e.time)).toEqual([3, 4]);
    expect(atLeast(entries, 'trace')).toHaveLength(4);
  });

  it('merges the tail with live pushes without duplicating entries both carried', () => {
    const tail = [entry(1), entry(2), entry(3)];
    const live = [entry(3), entry(4)];
    expect(mergeTail(tail, live, 10).map((e) => e.time)).toEqual([1, 2, 3, 4]);
  });

  it('loads the tail after subscribing and keeps pushes that arrived meanwhile', async () => {
    const bridge = new ScriptedBridge();
    const release = bridge.hold('logs:tail', [entry(1), entry(2)]);
    const store = createLogsStore({ client: createTypedClient(bridge), notify: () => undefined });
    store.getState().start();
    bridge.push('log:entry', entry(2));
    bridge.push('log:entry', entry(3, 'warn'));
    release();
    await settle();
    expect(store.getState().entries.map((e) => e.time)).toEqual([1, 2, 3]);
    expect(store.getState().loaded).toBe(true);
    expect(bridge.payloadsOf('logs:tail')).toEqual([{ limit: 1000, minLevel: 'trace' }]);
  });

  it('bounds the live buffer', async () => {
    const bridge = new ScriptedBridge().answer('logs:tail', () => []);
    const store = createLogsStore({ client: createTypedClient(bridge), notify: () => undefined });
    store.getState().start();
    await settle();
    for (let i = 0; i < MAX_LOG_ENTRIES + 5; i += 1) bridge.push('log:entry', entry(i));
    expect(store.getState().entries).toHaveLength(MAX_LOG_ENTRIES);
    expect(store.getState().entries[0]?.time).toBe(5);
  });
});

describe('toasts', () => {
  it('maps error codes to severities; critical ones stick', () => {
    expect(toastFromError({ code: 'STORE_CORRUPT', message: 'x' })).toMatchObject({ severity: 'critical', sticky: true });
    expect(toastFromError({ code: 'TRADING_HALTED', message: 'x' })).toMatchObject({ severity: 'warning', sticky: false });
    expect(toastFromError({ code: 'NOT_FOUND', message: 'x' }, { title: 'Loading bars' })).toEqual({
      severity: 'error',
      title: 'Loading bars',
      code: 'NOT_FOUND',
      message: 'x',
      sticky: false,
    });
    expect(toastFromError({ code: 'UNAVAILABLE', message: 'x' }, { critical: true }).sticky).toBe(true);
  });

  it('drops the oldest non-sticky toast when full', () => {
    const make = (id: number, sticky: boolean): Toast => ({
      id,
      sticky,
      severity: 'error',
      title: '',
      code: null,
      message: '',
    });
    const full = [make(1, true), make(2, false), make(3, false)];
    expect(addToast(full, make(4, false), 3).map((t) => t.id)).toEqual([1, 3, 4]);
    expect(addToast([make(1, true), make(2, true)], make(3, true), 2).map((t) => t.id)).toEqual([2, 3]);
  });

  it('auto-dismisses non-critical toasts through the scheduler and keeps critical ones', () => {
    const scheduled: Array<() => void> = [];
    const store = createToastsStore({ schedule: (callback) => scheduled.push(callback) });
    store.getState().pushError({ code: 'NOT_FOUND', message: 'gone' });
    store.getState().pushError({ code: 'STORE_CORRUPT', message: 'broken' });
    expect(store.getState().toasts).toHaveLength(2);
    expect(scheduled).toHaveLength(1);
    scheduled[0]?.();
    expect(store.getState().toasts.map((t) => t.code)).toEqual(['STORE_CORRUPT']);
  });

  it('shows one toast for repeated failures with the same cause', () => {
    const store = createToastsStore({ schedule: () => undefined });
    const first = store.getState().pushError({ code: 'UNAVAILABLE', message: 'link down' }, { title: 'Loading datasets' });
    const second = store.getState().pushError({ code: 'UNAVAILABLE', message: 'link down' }, { title: 'Loading bars' });
    expect(second).toBe(first);
    expect(store.getState().toasts).toHaveLength(1);
  });
});

function progress(partial: Partial<JobProgress>): JobProgress {
  return { jobId: 'j1', kind: 'import', state: 'running', done: 0, total: 10, startedAt: 0, updatedAt: 0, ...partial };
}

describe('jobs', () => {
  it('ignores updates that are older, or that come after the job ended', () => {
    let jobs = applyJobProgress({}, progress({ done: 2, updatedAt: 2 }));
    jobs = applyJobProgress(jobs, progress({ done: 1, updatedAt: 1 }));
    expect(jobs['j1']?.done).toBe(2);
    jobs = applyJobProgress(jobs, progress({ state: 'cancelled', done: 3, updatedAt: 3 }));
    const ended = jobs;
    expect(applyJobProgress(ended, progress({ state: 'running', done: 4, updatedAt: 4 }))).toBe(ended);
  });

  it('reports progress as a fraction, or null when the total is unknown', () => {
    expect(progressFraction(progress({ done: 5, total: 10 }))).toBe(0.5);
    expect(progressFraction(progress({ done: 5, total: null }))).toBeNull();
    expect(progressFraction(progress({ state: 'succeeded', done: 0, total: null }))).toBe(1);
    expect(progressFraction(progress({ done: 15, total: 10 }))).toBe(1);
  });

  it('tracks job:progress pushes and cancels through jobs:cancel', async () => {
    const bridge = new ScriptedBridge().answer('jobs:cancel', (payload) =>
      progress({ jobId: (payload as { jobId: string }).jobId, state: 'cancelled', updatedAt: 9 }),
    );
    const store = createJobsStore({ client: createTypedClient(bridge), notify: () => undefined });
    store.getState().start();
    bridge.push('job:progress', progress({ done: 3, updatedAt: 1 }));
    expect(store.getState().jobs['j1']?.done).toBe(3);
    await store.getState().cancel('j1');
    expect(bridge.payloadsOf('jobs:cancel')).toEqual([{ jobId: 'j1' }]);
    expect(store.getState().jobs['j1']?.state).toBe('cancelled');
  });
});

describe('theme', () => {
  it('resolves system to the OS preference', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
  });

  it('restores the stored preference, applies it, and persists changes', () => {
    const storage = new Map<string, string>([[THEME_STORAGE_KEY, 'light']]);
    const applied: ResolvedTheme[] = [];
    let systemDark = true;
    const store = createThemeStore({
      storage: { getItem: (key) => storage.get(key) ?? null, setItem: (key, value) => storage.set(key, value) },
      systemPrefersDark: () => systemDark,
      apply: (theme) => applied.push(theme),
    });
    expect(store.getState()).toMatchObject({ preference: 'light', resolved: 'light' });
    store.getState().setPreference('system');
    expect(storage.get(THEME_STORAGE_KEY)).toBe('system');
    expect(store.getState().resolved).toBe('dark');
    systemDark = false;
    store.getState().systemChanged(false);
    expect(applied).toEqual(['light', 'dark', 'light']);
  });

  it('falls back to system for a missing or garbled stored value', () => {
    const store = createThemeStore({
      storage: { getItem: () => 'purple', setItem: () => undefined },
      systemPrefersDark: () => false,
      apply: () => undefined,
    });
    expect(store.getState().preference).toBe('system');
  });
});
