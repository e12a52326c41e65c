import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { BRIDGE_GLOBAL, EVENT_CHANNEL, INVOKE_CHANNEL, type ArbdeskBridge } from '../../shared/ipc/bridge';
import type { EventEnvelope, RequestEnvelope, ResponseEnvelope } from '../../shared/ipc/envelope';

/**
 * The sandboxed preload. It runs with contextIsolation, so the renderer sees only the two
 * functions below, on window.arbdesk; never ipcRenderer, never an IpcRendererEvent (whose
 * `sender` would hand the page the whole IPC API). Bundled to CommonJS because sandboxed
 * preloads cannot be ES modules, so it imports nothing but electron and bridge constants.
 */
export function createBridge(renderer: Pick<typeof ipcRenderer, 'invoke' | 'on' | 'removeListener'>): ArbdeskBridge {
  return {
    invoke(envelope: RequestEnvelope): Promise<ResponseEnvelope> {
      return renderer.invoke(INVOKE_CHANNEL, envelope) as Promise<ResponseEnvelope>;
    },
    onEvent(listener: (envelope: EventEnvelope) => void): () => void {
      if (typeof listener !== 'function') throw new TypeError('arbdesk.onEvent expects a function');
      const forward = (_event: IpcRendererEvent, envelope: EventEnvelope): void => listener(envelope);
      renderer.on(EVENT_CHANNEL, forward);
      return function unsubscribe(): void {
        renderer.removeListener(EVENT_CHANNEL, forward);
      };
    },
  } satisfies ArbdeskBridge;
}

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, createBridge(ipcRenderer));
