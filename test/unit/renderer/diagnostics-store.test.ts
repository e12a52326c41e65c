import { describe, expect, it } from 'vitest';
import { createTypedClient } from '../../../src/renderer/api/typed-client';
import { createDiagnosticsStore } from '../../../src/renderer/stores/diagnostics-store';
import type { MetricsSnapshot, ScrapeAccess } from '../../../src/shared/domain/metrics';
import type { IpcError } from '../../../src/shared/ipc/errors';
import { ScriptedBridge } from './scripted-bridge';

const snapshot: MetricsSnapshot = {
  takenAt: 1,
  ipc: [{ channel: 'trading:state', count: 3, meanMs: 0.2, p95AtMostMs: 0.5 }],
  errors: [{ area: 'data', code: 'NOT_FOUND', count: 1 }],
  jobs: { queued: 0, running: 1 },
  eventLoop: { meanMs: 10.1, p99Ms: 12, maxMs: 20, windowMs: 60_000 },
};
const access: ScrapeAccess = { enabled: true, token: 'scrape-token-value', url: 'http://127.0.0.1:1/metrics', detail: 'Scrape it' };

function setup(bridge: ScriptedBridge, clipboard: (text: string) => Promise<void> = () => Promise.resolve()) {
  const errors: IpcError[] = [];
  const warnings: string[] = [];
  const store = createDiagnosticsStore({
    client: createTypedClient(bridge),
    notify: (error) => errors.push(error),
    warn: (title) => warnings.push(title),
    writeClipboard: clipboard,
  });
  return { store, errors, warnings };
}

describe('diagnostics store', () => {
  it('loads the snapshot and the scrape access, and copies the token', async () => {
    const copied: string[] = [];
    const bridge = new ScriptedBridge().answer('system:metrics', () => snapshot).answer('system:metrics-access', () => access);
    const { store, errors } = setup(bridge, async (text) => {
      copied.push(text);
    });
    await store.getState().refresh();
    await store.getState().loadAccess();
    expect(store.getState().snapshot).toEqual(snapshot);
    expect(store.getState().access).toEqual(access);
    expect(store.getState().tokenVisible).toBe(false);
    await store.getState().copyToken();
    expect(copied).toEqual(['scrape-token-value']);
    expect(errors).toEqual([]);
  });

  it('reports a failed read, and a refused clipboard as a warning', async () => {
    const bridge = new ScriptedBridge()
      .fail('system:metrics', { code: 'INTERNAL', message: 'boom' })
      .answer('system:metrics-access', () => access);
    const { store, errors, warnings } = setup(bridge, () => Promise.reject(new Error('not allowed')));
    await store.getState().refresh();
    expect(store.getState().loading).toBe(false);
    expect(errors.map((error) => error.code)).toEqual(['INTERNAL']);
    await store.getState().loadAccess();
    await store.getState().copyToken();
    expect(warnings).toEqual(['Copy failed']);
  });

  it('copies nothing when the export is disabled', async () => {
    const copied: string[] = [];
    const bridge = new ScriptedBridge().answer('system:metrics-access', () => ({ ...access, enabled: false, token: null, detail: 'no keychain' }));
    const { store } = setup(bridge, async (text) => {
      copied.push(text);
    });
    await store.getState().loadAccess();
    await store.getState().copyToken();
    expect(copied).toEqual([]);
  });
});
