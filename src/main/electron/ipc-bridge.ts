import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { Logger } from 'pino';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../shared/ipc/bridge';
import { MAX_REQUEST_BYTES, requestIdSchema, type ResponseEnvelope } from '../../shared/ipc/envelope';
import type { IpcError } from '../../shared/ipc/errors';
import type { EventBus, PublishedEvent } from '../events/event-bus';
import { toEventEnvelope } from '../events/transport-events';
import type { IpcRegistry } from '../ipc/handler-registry';
import { isTrustedOrigin, originOf } from './security-policy';

/**
 * The Electron transport of the contract: one invoke channel in, one event channel out.
 * Every message is checked for who sent it before anything else looks at it (house style 4).
 */
export interface IpcBridgeOptions {
  readonly ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  readonly registry: Pick<IpcRegistry, 'dispatch'>;
  readonly events: Pick<EventBus, 'subscribeAll'>;
  readonly logger: Logger;
  /** app://arbdesk, plus the loopback dev server in development (see trustedOriginsFor). */
  readonly trustedOrigins: readonly string[];
}

export interface IpcBridge {
  /** Lets this window talk to main and receive events, until it is destroyed. */
  attach(webContents: WebContents): void;
  /** Removes the invoke handler and stops pushing events. */
  dispose(): void;
}

export type SenderVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

type SenderEvent = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>;

/**
 * Accepts a message only from the main frame of a window we attached, showing a page from
 * one of our origins. Subframes, foreign pages, file:// pages and frames that navigated
 * away or died (senderFrame null) are refused.
 */
export function checkSender(
  event: SenderEvent,
  trustedOrigins: readonly string[],
  attached: ReadonlySet<WebContents>,
): SenderVerdict {
  const frame = event.senderFrame;
  if (frame === null || frame.isDestroyed()) return { ok: false, reason: 'the sending frame is gone' };
  if (!attached.has(event.sender)) return { ok: false, reason: 'the sender is not an ArbDesk window' };
  const mainFrame = event.sender.mainFrame;
  const isMainFrame =
    frame.parent === null && frame.processId === mainFrame.processId && frame.routingId === mainFrame.routingId;
  if (!isMainFrame) return { ok: false, reason: 'the sender is not the main frame' };
  if (!isTrustedOrigin(frame.url, trustedOrigins)) return { ok: false, reason: 'the sender origin is not trusted' };
  return { ok: true };
}

function failure(id: string | null, error: IpcError): ResponseEnvelope {
  return { type: 'response', id, ok: false, error };
}

/** The id the renderer waits on, when it is well formed; refusals still answer it. */
function idOf(payload: unknown): string | null {
  if (typeof payload !== 'object' || payload === null || !('id' in payload)) return null;
  const parsed = requestIdSchema.safeParse(payload.id);
  return parsed.success ? parsed.data : null;
}

/** Size of the payload as JSON, or null when it is not JSON at all (cycles, BigInt). */
function jsonBytes(payload: unknown): number | null {
  let text: string | undefined;
  try {
    text = JSON.stringify(payload);
  } catch {
    return null;
  }
  return text === undefined ? 0 : Buffer.byteLength(text, 'utf8');
}

export function registerIpcBridge(options: IpcBridgeOptions): IpcBridge {
  const { ipcMain, registry, events, logger, trustedOrigins } = options;
  const windows = new Set<WebContents>();

  async function onInvoke(event: IpcMainInvokeEvent, payload: unknown): Promise<ResponseEnvelope> {
    const id = idOf(payload);
    const verdict = checkSender(event, trustedOrigins, windows);
    if (!verdict.ok) {
      logger.warn(
        { correlationId: id, reason: verdict.reason, origin: event.senderFrame ? originOf(event.senderFrame.url) : null },
        'refused IPC from an untrusted sender',
      );
      return failure(id, { code: 'FORBIDDEN_SENDER', message: 'This sender may not talk to ArbDesk.' });
    }
    const bytes = jsonBytes(payload);
    if (bytes === null) {
      logger.warn({ correlationId: id }, 'refused an IPC request that is not plain JSON data');
      return failure(id, { code: 'BAD_REQUEST', message: 'The request must be plain JSON data.' });
    }
    if (bytes > MAX_REQUEST_BYTES) {
      logger.warn({ correlationId: id, bytes }, 'refused an oversize IPC request');
      return failure(id, {
        code: 'PAYLOAD_TOO_LARGE',
        message: `Request of ${bytes} bytes exceeds the limit of ${MAX_REQUEST_BYTES} bytes.`,
        details: { bytes, limit: MAX_REQUEST_BYTES },
      });
    }
    try {
      return await registry.dispatch(payload, 'electron');
    } catch (error) {
      // dispatch promises never to throw; if it does, the renderer still gets an envelope.
      logger.error({ err: error, correlationId: id }, 'the IPC registry threw');
      return failure(id, { code: 'INTERNAL', message: `Internal error (correlation id ${id ?? 'unknown'}).` });
    }
  }

  function pushEvent(published: PublishedEvent): void {
    if (windows.size === 0) return;
    const envelope = toEventEnvelope(published, logger);
    if (envelope === null) return;
    for (const webContents of windows) {
      if (webContents.isDestroyed()) {
        windows.delete(webContents);
        continue;
      }
      // Events can carry account data: only a window still showing our page receives them.
      if (!isTrustedOrigin(webContents.getURL(), trustedOrigins)) continue;
      try {
        webContents.send(EVENT_CHANNEL, envelope);
      } catch (error) {
        // One broken window must not stop the publisher (often the trading engine) or other windows.
        logger.error({ err: error, event: envelope.event }, 'failed to push an event to a window');
      }
    }
  }

  ipcMain.handle(INVOKE_CHANNEL, onInvoke);
  const unsubscribe = events.subscribeAll(pushEvent);

  return {
    attach(webContents) {
      windows.add(webContents);
      webContents.once('destroyed', () => windows.delete(webContents));
    },
    dispose() {
      unsubscribe();
      ipcMain.removeHandler(INVOKE_CHANNEL);
      windows.clear();
    },
  };
}
