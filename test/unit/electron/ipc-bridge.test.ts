import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { EventBus } from '../../../src/main/events/event-bus';
import { createIpcRegistry, type Handlers, type IpcRegistry } from '../../../src/main/ipc/handler-registry';
import { registerIpcBridge } from '../../../src/main/electron/ipc-bridge';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../../src/shared/ipc/bridge';
import { MAX_REQUEST_BYTES, type ResponseEnvelope } from '../../../src/shared/ipc/envelope';
import type { TradingState } from '../../../src/shared/domain/trading';
import { FakeWebContents, FakeWebFrame, createMemoryLogger, ipcMain } from './fake-electron';
import { tradingStateWith } from '../../helpers/trading-state';

// ipc-bridge.ts imports electron for types only; the fakes here are passed in explicitly.

const state: TradingState = tradingStateWith({ revision: 3 });

function setup(options: { trustedOrigins?: string[]; registry?: Pick<IpcRegistry, 'dispatch'> } = {}) {
  ipcMain.handlers.clear();
  const memory = createMemoryLogger();
  // A real registry with the one handler these tests reach; the rest of the map is never called.
  const handlers = { 'trading:state': vi.fn(() => state) };
  const real = createIpcRegistry(handlers as unknown as Handlers, memory.logger);
  const registry = options.registry ?? { dispatch: vi.fn(real.dispatch) };
  const events = new EventBus();
  const bridge = registerIpcBridge({
    ipcMain: ipcMain as unknown as Pick<IpcMain, 'handle' | 'removeHandler'>,
    registry,
    events,
    logger: memory.logger,
    trustedOrigins: options.trustedOrigins ?? ['app://arbdesk'],
  });
  const window = new FakeWebContents('app://arbdesk/index.html');
  bridge.attach(window as unknown as WebContents);
  const handler = ipcMain.handlers.get(INVOKE_CHANNEL);
  if (handler === undefined) throw new Error('the bridge installed no invoke handler');
  const invoke = (event: object, payload: unknown) =>
    handler(event as IpcMainInvokeEvent, payload) as Promise<ResponseEnvelope>;
  return { bridge, registry, handlers, events, window, invoke, lines: memory.lines };
}

const request = { type: 'request', id: 'req_00000001', channel: 'trading:state', payload: {} };

describe('IPC bridge: sender validation comes first', () => {
  const cases: Array<[string, (window: FakeWebContents) => object]> = [
    ['no sender frame', (window) => ({ sender: window, senderFrame: null })],
    ['a destroyed sender frame', (window) => ({ sender: window, senderFrame: Object.assign(new FakeWebFrame('app://arbdesk/'), { destroyed: true }) })],
    ['a subframe', (window) => ({ sender: window, senderFrame: new FakeWebFrame('app://arbdesk/index.html', 1, 7, window.mainFrame) })],
    ['a frame that is not the main frame', (window) => ({ sender: window, senderFrame: new FakeWebFrame('app://arbdesk/index.html', 1, 9) })],
    ['a foreign origin', (window) => {
      window.mainFrame.url = 'https://evil.example/';
      return { sender: window, senderFrame: window.mainFrame };
    }],
    ['a file:// page', (window) => {
      window.mainFrame.url = 'file:///home/user/evil.html';
      return { sender: window, senderFrame: window.mainFrame };
    }],
    ['a webContents that is not an ArbDesk window', () => {
      const stranger = new FakeWebContents('app://arbdesk/index.html');
      return { sender: stranger, senderFrame: stranger.mainFrame };
    }],
  ];

  for (const [name, makeEvent] of cases) {
    it(`refuses ${name} with FORBIDDEN_SENDER and never dispatches`, async () => {
      const { invoke, window, registry, lines } = setup();
      const response = await invoke(makeEvent(window), request);
      expect(response).toMatchObject({ type: 'response', id: 'req_00000001', ok: false, error: { code: 'FORBIDDEN_SENDER' } });
      expect(registry.dispatch).not.toHaveBeenCalled();
      expect(lines().some((line) => line['msg'] === 'refused IPC from an untrusted sender' && line['level'] === 40)).toBe(true);
    });
  }

  it('refuses the Vite dev server origin unless it was passed in explicitly', async () => {
    const plain = setup();
    plain.window.mainFrame.url = 'http://127.0.0.1:5173/';
    const refused = await plain.invoke({ sender: plain.window, senderFrame: plain.window.mainFrame }, request);
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });

    const dev = setup({ trustedOrigins: ['app://arbdesk', 'http://127.0.0.1:5173'] });
    dev.window.mainFrame.url = 'http://127.0.0.1:5173/';
    expect(await dev.invoke({ sender: dev.window, senderFrame: dev.window.mainFrame }, request)).toMatchObject({ ok: true });
  });
});

describe('IPC bridge: trusted requests', () => {
  it('dispatches a request from the main frame of the app to the registry as electron transport', async () => {
    const { invoke, window, registry, handlers } = setup();
    const response = await invoke({ sender: window, senderFrame: window.mainFrame }, request);
    expect(response).toEqual({ type: 'response', id: 'req_00000001', ok: true, value: state });
    expect(registry.dispatch).toHaveBeenCalledWith(request, 'electron');
    expect(handlers['trading:state']).toHaveBeenCalledTimes(1);
  });

  it('passes malformed envelopes on to the registry, which answers BAD_REQUEST', async () => {
    const { invoke, window } = setup();
    const response = await invoke({ sender: window, senderFrame: window.mainFrame }, { type: 'request', id: 'x' });
    expect(response).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('refuses payloads over MAX_REQUEST_BYTES before dispatching', async () => {
    const { invoke, window, registry } = setup();
    const big = { ...request, payload: { blob: 'x'.repeat(MAX_REQUEST_BYTES) } };
    const response = await invoke({ sender: window, senderFrame: window.mainFrame }, big);
    expect(response).toMatchObject({
      id: 'req_00000001',
      ok: false,
      error: { code: 'PAYLOAD_TOO_LARGE', details: { limit: MAX_REQUEST_BYTES } },
    });
    expect(registry.dispatch).not.toHaveBeenCalled();
  });

  it('refuses payloads that are not JSON data (cycles) before dispatching', async () => {
    const { invoke, window, registry } = setup();
    const cyclic: Record<string, unknown> = { ...request };
    cyclic['self'] = cyclic;
    const response = await invoke({ sender: window, senderFrame: window.mainFrame }, cyclic);
    expect(response).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(registry.dispatch).not.toHaveBeenCalled();
  });

  it('still answers with an envelope if the registry breaks its promise not to throw', async () => {
    const registry = { dispatch: vi.fn(() => Promise.reject(new Error('boom'))) };
    const { invoke, window } = setup({ registry });
    const response = await invoke({ sender: window, senderFrame: window.mainFrame }, request);
    expect(response).toMatchObject({ id: 'req_00000001', ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(response)).not.toContain('boom');
  });
});

describe('IPC bridge: events', () => {
  const alert = { id: 'a1', time: 1, severity: 'critical', title: 'Broker down', message: 'Reconnecting' } as const;

  it('pushes every published event to attached windows on the event channel', () => {
    const { events, window } = setup();
    events.publish('alert', alert);
    expect(window.sent).toEqual([{ channel: EVENT_CHANNEL, payload: { type: 'event', event: 'alert', payload: alert } }]);
  });

  it('skips destroyed windows and windows that left our origin', () => {
    const { bridge, events, window } = setup();
    const second = new FakeWebContents('app://arbdesk/index.html');
    bridge.attach(second as unknown as WebContents);
    const third = new FakeWebContents('app://arbdesk/index.html');
    bridge.attach(third as unknown as WebContents);
    second.destroy();
    third.url = 'https://evil.example/';
    events.publish('alert', alert);
    expect(window.sent).toHaveLength(1);
    expect(second.sent).toHaveLength(0);
    expect(third.sent).toHaveLength(0);
  });

  it('keeps delivering to other windows when one send throws', () => {
    const { bridge, events, window, lines } = setup();
    const broken = new FakeWebContents('app://arbdesk/index.html');
    broken.send = () => {
      throw new Error('render frame was disposed');
    };
    bridge.attach(broken as unknown as WebContents);
    expect(() => events.publish('alert', alert)).not.toThrow();
    expect(window.sent).toHaveLength(1);
    expect(lines().some((line) => line['msg'] === 'failed to push an event to a window')).toBe(true);
  });

  it('validates at the edge: a payload outside the contract is logged and not sent', () => {
    const { events, window, lines } = setup();
    // A bug in main could publish this; the type system is bypassed on purpose.
    events.publish('alert', { ...alert, severity: 'apocalyptic' } as unknown as typeof alert);
    expect(window.sent).toHaveLength(0);
    expect(lines().some((line) => line['msg'] === 'refused to send an event whose payload is outside the contract')).toBe(true);
    events.publish('alert', alert);
    expect(window.sent).toHaveLength(1);
  });

  it('dispose unsubscribes from the bus and removes the invoke handler', () => {
    const { bridge, events, window } = setup();
    expect(events.listenerCount).toBe(1);
    bridge.dispose();
    expect(events.listenerCount).toBe(0);
    expect(ipcMain.handlers.has(INVOKE_CHANNEL)).toBe(false);
    events.publish('alert', alert);
    expect(window.sent).toHaveLength(0);
  });
});
