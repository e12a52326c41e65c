import path from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

import type { ArbdeskBridge } from '../../../src/shared/ipc/bridge';
import { BRIDGE_GLOBAL, EVENT_CHANNEL, INVOKE_CHANNEL } from '../../../src/shared/ipc/bridge';
import type { EventEnvelope } from '../../../src/shared/ipc/envelope';
import { contextBridge, exposedInMainWorld, ipcRenderer } from './fake-electron';

let bridge: ArbdeskBridge;

beforeAll(async () => {
  // Loading the preload is what exposes the bridge, exactly as in a real renderer.
  await import('../../../src/main/electron/preload');
  bridge = exposedInMainWorld.get(BRIDGE_GLOBAL) as ArbdeskBridge;
});

const envelope: EventEnvelope = { type: 'event', event: 'quote', payload: { symbol: 'KO', time: 1, bid: 1, ask: 2, last: 1.5 } };

describe('preload', () => {
  it('exposes exactly one global, window.arbdesk, with exactly invoke and onEvent', () => {
    expect(contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect([...exposedInMainWorld.keys()]).toEqual(['arbdesk']);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'onEvent']);
    expect(Object.values(bridge).every((value) => typeof value === 'function')).toBe(true);
  });

  it('sends the envelope, and only the envelope, on the invoke channel', async () => {
    const response = { type: 'response', id: 'req_00000001', ok: true, value: null };
    ipcRenderer.invoke.mockResolvedValueOnce(response);
    const request = { type: 'request' as const, id: 'req_00000001', channel: 'system:info', payload: {} };
    await expect(bridge.invoke(request)).resolves.toBe(response);
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(INVOKE_CHANNEL, request);
    expect(ipcRenderer.invoke.mock.calls[0]).toHaveLength(2);
  });

  it('hands listeners the envelope without the IpcRendererEvent', () => {
    const received: unknown[][] = [];
    const stop = bridge.onEvent((...args: unknown[]) => received.push(args));
    ipcRenderer.emit(EVENT_CHANNEL, { sender: ipcRenderer, senderId: 0 }, envelope);
    expect(received).toEqual([[envelope]]);
    stop();
  });

  it('unsubscribe removes exactly that listener and is safe to call twice', () => {
    const first: EventEnvelope[] = [];
    const second: EventEnvelope[] = [];
    const before = ipcRenderer.listenerCount(EVENT_CHANNEL);
    const stopFirst = bridge.onEvent((event) => first.push(event));
    const stopSecond = bridge.onEvent((event) => second.push(event));
    expect(ipcRenderer.listenerCount(EVENT_CHANNEL)).toBe(before + 2);

    stopFirst();
    stopFirst();
    expect(ipcRenderer.listenerCount(EVENT_CHANNEL)).toBe(before + 1);
    ipcRenderer.emit(EVENT_CHANNEL, {}, envelope);
    expect(first).toEqual([]);
    expect(second).toEqual([envelope]);
    stopSecond();
    expect(ipcRenderer.listenerCount(EVENT_CHANNEL)).toBe(before);
  });

  it('refuses a listener that is not a function', () => {
    expect(() => bridge.onEvent('alert(1)' as unknown as () => void)).toThrow(TypeError);
  });
});

describe('preload bundle', () => {
  it('bundles to CommonJS that requires nothing but electron (sandboxed preloads cannot load modules)', async () => {
    const entry = path.resolve('src/main/electron/preload.ts');
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      format: 'cjs',
      platform: 'node',
      external: ['electron'],
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs).sort();
    expect(inputs).toEqual(['src/main/electron/preload.ts', 'src/shared/ipc/bridge.ts']);
    const code = result.outputFiles[0]?.text ?? '';
    const required = [...code.matchAll(/require\((["'])([^"']+)\1\)/g)].map((match) => match[2]);
    expect([...new Set(required)]).toEqual(['electron']);
  });
});
