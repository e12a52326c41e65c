import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

import type { IpcMainInvokeEvent } from 'electron';
import { EventBus } from '../../../src/main/events/event-bus';
import { startElectronApp, type ElectronCore, type ElectronCoreRequest } from '../../../src/main/electron/app-lifecycle';
import { KILL_SWITCH_ACCELERATOR } from '../../../src/main/electron/kill-switch';
import { INVOKE_CHANNEL } from '../../../src/shared/ipc/bridge';
import type { ResponseEnvelope } from '../../../src/shared/ipc/envelope';
import {
  FakeBrowserWindow,
  FakeEvent,
  Menu,
  app,
  createMemoryLogger,
  dialog,
  fakeEvent,
  globalShortcut,
  ipcMain,
  protocol,
  session,
} from './fake-electron';

const okResponse: ResponseEnvelope = { type: 'response', id: 'req_00000001', ok: true, value: { fine: true } };

function makeCore() {
  return {
    registry: { dispatch: vi.fn((_raw: unknown, _transport: string) => Promise.resolve(okResponse)) },
    events: new EventBus(),
    logger: createMemoryLogger().logger,
    paths: { logDir: '/fake/user-data/logs' },
    haltTrading: vi.fn((_reason: string, _actor: string) => Promise.resolve()),
    dispose: vi.fn(() => Promise.resolve()),
  } satisfies ElectronCore;
}

// Electron defines process.resourcesPath; plain Node does not.
beforeAll(() => {
  Object.defineProperty(process, 'resourcesPath', { value: '/fake/resources', configurable: true });
});
afterAll(() => {
  Reflect.deleteProperty(process, 'resourcesPath');
});

beforeEach(() => {
  app.reset();
  FakeBrowserWindow.instances.length = 0;
  ipcMain.handlers.clear();
  protocol.handlers.clear();
  protocol.registerSchemesAsPrivileged.mockClear();
  globalShortcut.registered.clear();
  dialog.showErrorBox.mockClear();
  Menu.current = undefined;
  session.defaultSession.permissionRequestHandler = null;
});

async function startReady(env: Record<string, string> = {}) {
  const core = makeCore();
  const createCore = vi.fn((_request: ElectronCoreRequest) => Promise.resolve(core));
  // Uncaught failures of the fake app go to this emitter, never to the test runner's process.
  const crashEvents = new EventEmitter();
  startElectronApp({ createCore, env, bootLogger: createMemoryLogger().logger, crashEvents: crashEvents as unknown as NodeJS.Process });
  app.becomeReady();
  await vi.waitFor(() => expect(FakeBrowserWindow.instances).toHaveLength(1));
  const window = FakeBrowserWindow.instances[0];
  if (window === undefined) throw new Error('no window');
  return { core, createCore, window, crashEvents };
}

describe('crash policy', () => {
  it('halts trading and exits 70 on an uncaught exception once the core is up', async () => {
    const { core, crashEvents } = await startReady();
    crashEvents.emit('uncaughtException', new Error('bug in main'));
    await vi.waitFor(() => expect(app.exit).toHaveBeenCalledWith(70));
    expect(core.haltTrading).toHaveBeenCalledWith('main process crashed: bug in main', 'system:crash-policy');
  });
});

describe('single instance', () => {
  it('quits at once, before touching anything else, when another instance holds the lock', async () => {
    app.lockGranted = false;
    const createCore = vi.fn(() => Promise.resolve(makeCore()));
    startElectronApp({ createCore, env: {}, bootLogger: createMemoryLogger().logger });
    app.becomeReady();
    await Promise.resolve();
    expect(app.quit).toHaveBeenCalledTimes(1);
    expect(app.enableSandbox).not.toHaveBeenCalled();
    expect(protocol.registerSchemesAsPrivileged).not.toHaveBeenCalled();
    expect(createCore).not.toHaveBeenCalled();
    expect(app.listenerCount('web-contents-created')).toBe(0);
  });

  it('brings the existing window forward when a second instance starts', async () => {
    const { window } = await startReady();
    window.minimized = true;
    app.emit('second-instance', new FakeEvent(), [], '/');
    expect(window.isMinimized()).toBe(false);
    expect(window.focused).toBe(true);
  });
});

describe('startup', () => {
  it('enables the sandbox and registers app: as privileged before ready', () => {
    startElectronApp({ createCore: vi.fn(), env: {}, bootLogger: createMemoryLogger().logger });
    expect(app.enableSandbox).toHaveBeenCalledTimes(1);
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledTimes(1);
  });

  it('on ready wires core, session, protocol, IPC, menu, shortcut and a hardened window on app://', async () => {
    const { createCore, window } = await startReady();
    expect(createCore).toHaveBeenCalledWith({
      userDataDir: '/fake/user-data',
      resourcesDir: '/fake/resources',
      electronVersion: null,
      // Paths reach main from the desktop renderer only through the native dialog.
      chooseImportSource: expect.any(Function),
    });
    expect(session.defaultSession.permissionRequestHandler).not.toBeNull();
    expect(protocol.handlers.has('app')).toBe(true);
    expect(ipcMain.handlers.has(INVOKE_CHANNEL)).toBe(true);
    expect(Menu.current).toBeDefined();
    expect(globalShortcut.registered.has(KILL_SWITCH_ACCELERATOR)).toBe(true);
    expect(window.loadedUrls).toEqual(['app://arbdesk/index.html']);
    expect(window.options['webPreferences']).toMatchObject({ preload: '/fake/app/dist/main/preload.cjs', sandbox: true, devTools: false });

    const navigation = fakeEvent({ url: 'https://evil.example/', isMainFrame: true });
    window.webContents.emit('will-navigate', navigation);
    expect(navigation.defaultPrevented).toBe(true);
  });

  it('routes IPC from the window main frame to the core registry', async () => {
    const { core, window } = await startReady();
    const handler = ipcMain.handlers.get(INVOKE_CHANNEL);
    const request = { type: 'request', id: 'req_00000001', channel: 'system:info', payload: {} };
    const event = { sender: window.webContents, senderFrame: window.webContents.mainFrame } as unknown as IpcMainInvokeEvent;
    expect(await handler?.(event, request)).toEqual(okResponse);
    expect(core.registry.dispatch).toHaveBeenCalledWith(request, 'electron');
  });

  it('the global shortcut halts trading through the core', async () => {
    const { core } = await startReady();
    globalShortcut.registered.get(KILL_SWITCH_ACCELERATOR)?.();
    await vi.waitFor(() => expect(core.haltTrading).toHaveBeenCalledWith('Kill switch (global shortcut)', 'user'));
  });

  it('hardens every webContents the app creates, not only the main window', async () => {
    await startReady();
    const stray = new FakeBrowserWindow({});
    const navigation = fakeEvent({ url: 'https://evil.example/', isMainFrame: true });
    stray.webContents.emit('will-navigate', navigation);
    expect(navigation.defaultPrevented).toBe(true);
    expect(stray.webContents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('uses ARBDESK_HOME for the core and for Chromium storage', async () => {
    const { createCore } = await startReady({ ARBDESK_HOME: '/tmp/arbdesk-home' });
    expect(app.setPath).toHaveBeenCalledWith('userData', '/tmp/arbdesk-home');
    expect(createCore.mock.calls[0]?.[0].userDataDir).toBe('/tmp/arbdesk-home');
  });

  it('ignores ARBDESK_DEV_SERVER_URL in a packaged app and honours it in development', async () => {
    const packaged = await startReady({ ARBDESK_DEV_SERVER_URL: 'http://127.0.0.1:5173/' });
    expect(packaged.window.loadedUrls).toEqual(['app://arbdesk/index.html']);

    app.reset();
    FakeBrowserWindow.instances.length = 0;
    ipcMain.handlers.clear();
    app.isPackaged = false;
    const development = await startReady({ ARBDESK_DEV_SERVER_URL: 'http://127.0.0.1:5173/' });
    expect(development.window.loadedUrls).toEqual(['http://127.0.0.1:5173/']);
    expect(development.createCore.mock.calls[0]?.[0].resourcesDir).toBe('/fake/app/resources');
  });

  it('shows why and exits 1 when the core cannot start', async () => {
    const boot = createMemoryLogger();
    startElectronApp({
      createCore: () => Promise.reject(new Error('database was written by a newer ArbDesk')),
      env: {},
      bootLogger: boot.logger,
    });
    app.becomeReady();
    await vi.waitFor(() => expect(app.exit).toHaveBeenCalledWith(1));
    expect(dialog.showErrorBox).toHaveBeenCalledWith('ArbDesk could not start', 'database was written by a newer ArbDesk');
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    expect(boot.lines().some((line) => line['level'] === 60 && line['msg'] === 'ArbDesk failed to start')).toBe(true);
  });
});

describe('shutdown', () => {
  it('disposes a core that finishes starting after the user already quit, and opens no window', async () => {
    const core = makeCore();
    let finishStarting: (value: typeof core) => void = () => undefined;
    const createCore = vi.fn(() => new Promise<typeof core>((resolve) => (finishStarting = resolve)));
    startElectronApp({ createCore, env: {}, bootLogger: createMemoryLogger().logger });
    app.becomeReady();
    await vi.waitFor(() => expect(createCore).toHaveBeenCalledTimes(1));
    app.quit();
    finishStarting(core);
    await vi.waitFor(() => expect(core.dispose).toHaveBeenCalledTimes(1));
    expect(FakeBrowserWindow.instances).toHaveLength(0);
  });

  it('quits when the last window closes, disposing the core once before the process ends', async () => {
    const { core } = await startReady();
    const willQuit = vi.fn();
    app.on('will-quit', willQuit);

    app.emit('window-all-closed');
    expect(core.dispose).toHaveBeenCalledTimes(1);
    expect(willQuit).not.toHaveBeenCalled(); // held back until dispose settles

    // A second quit request while disposing is held too, and does not dispose twice.
    const again = new FakeEvent();
    app.emit('before-quit', again);
    expect(again.defaultPrevented).toBe(true);

    await vi.waitFor(() => expect(willQuit).toHaveBeenCalledTimes(1));
    expect(core.dispose).toHaveBeenCalledTimes(1);
    expect(ipcMain.handlers.has(INVOKE_CHANNEL)).toBe(false);
    expect(globalShortcut.registered.has(KILL_SWITCH_ACCELERATOR)).toBe(false);
  });

  it('still quits when the core fails to dispose', async () => {
    const { core } = await startReady();
    core.dispose.mockRejectedValueOnce(new Error('WAL checkpoint failed'));
    const willQuit = vi.fn();
    app.on('will-quit', willQuit);
    app.quit();
    await vi.waitFor(() => expect(willQuit).toHaveBeenCalledTimes(1));
  });
});
