import type { EventEnvelope, RequestEnvelope, ResponseEnvelope } from './envelope';

/**
 * What the Electron preload exposes to the renderer, and nothing more: one function to send
 * a request envelope and one to listen for pushed events. The typed client is built on top
 * of this in the renderer; the browser-mode WebSocket transport offers the same shape.
 */
export interface ArbdeskBridge {
  invoke(envelope: RequestEnvelope): Promise<ResponseEnvelope>;
  /** Returns the function that stops listening. */
  onEvent(listener: (envelope: EventEnvelope) => void): () => void;
}

/** The global name under which the preload exposes the bridge (window.arbdesk). */
export const BRIDGE_GLOBAL = 'arbdesk';
/** The single ipcMain channel carrying request envelopes. */
export const INVOKE_CHANNEL = 'arbdesk:invoke';
/** The single channel main uses to push event envelopes. */
export const EVENT_CHANNEL = 'arbdesk:event';
/** Origin the packaged renderer is served from by the app:// protocol. */
export const APP_ORIGIN = 'app://arbdesk';
