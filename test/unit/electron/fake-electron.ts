import { EventEmitter } from 'node:events';
import { pino, type Logger } from 'pino';
import { vi } from 'vitest';

/**
 * A hand-written stand-in for the parts of the `electron` module ArbDesk uses. The Electron
 * binary cannot run in this environment, so tests replace the module with this one
 * (`vi.mock('electron', () => import('./fake-electron'))`) and drive our code through it.
 * Fakes record what our code asked for; they do not imitate Chromium's behaviour.
 */

/** An Electron-style event: `preventDefault` is what our handlers are judged on. */
export class FakeEvent<Params extends object = object> {
  defaultPrevented = false;
  constructor(params?: Params) {
    Object.assign(this, params);
  }
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export function fakeEvent<Params extends object>(params: Params): FakeEvent<Params> & Params {
  return new FakeEvent(params) as FakeEvent<Params> & Params;
}

export class FakeWebFrame {
  destroyed = false;
  constructor(
    public url: string,
    public processId = 1,
    public routingId = 1,
    public parent: FakeWebFrame | null = null,
  ) {}
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

let nextWebContentsId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextWebContentsId++;
  url = '';
  destroyed = false;
  readonly mainFrame: FakeWebFrame;
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | undefined;

  constructor(url = 'app://arbdesk/index.html', processId = 1, routingId = 1) {
    super();
    this.url = url;
    this.mainFrame = new FakeWebFrame(url, processId, routingId);
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  getURL(): string {
    return this.url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents('');
  readonly loadedUrls: string[] = [];
  visible = false;
  minimized = false;
  focused = false;
  destroyed = false;

  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
    // Electron announces every webContents as it is created, before any page loads.
    app.emit('web-contents-created', new FakeEvent(), this.webContents);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrls.push(url);
    this.webContents.url = url;
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }
  show(): void {
    this.visible = true;
  }
  isVisible(): boolean {
    return this.visible;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  focus(): void {
    this.focused = true;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

class FakeApp extends EventEmitter {
  isPackaged = true;
  lockGranted = true;
  private readyResolve: (() => void) | undefined;
  private readyPromise: Promise<void> = this.newReady();
  readonly paths = new Map<string, string>([['userData', '/fake/user-data']]);
  readonly requestSingleInstanceLock = vi.fn(() => this.lockGranted);
  readonly quit = vi.fn(() => {
    const event = new FakeEvent();
    this.emit('before-quit', event);
    if (!event.defaultPrevented) this.emit('will-quit', new FakeEvent());
  });
  readonly exit = vi.fn((_code?: number) => undefined);
  readonly enableSandbox = vi.fn();
  readonly setAppUserModelId = vi.fn();
  readonly setPath = vi.fn((name: string, value: string) => {
    this.paths.set(name, value);
  });
  getPath(name: string): string {
    const value = this.paths.get(name);
    if (value === undefined) throw new Error(`fake app has no path ${name}`);
    return value;
  }
  getAppPath(): string {
    return '/fake/app';
  }
  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  /** Back to a fresh, not-yet-ready app with no listeners, for the next test. */
  reset(): void {
    this.removeAllListeners();
    this.isPackaged = true;
    this.lockGranted = true;
    this.readyPromise = this.newReady();
    this.paths.clear();
    this.paths.set('userData', '/fake/user-data');
    for (const mock of [this.requestSingleInstanceLock, this.quit, this.exit, this.enableSandbox, this.setAppUserModelId, this.setPath]) {
      mock.mockClear();
    }
  }
  /** Fires 'ready' for the code under test. */
  becomeReady(): void {
    this.readyResolve?.();
  }
  private newReady(): Promise<void> {
    return new Promise((resolve) => {
      this.readyResolve = resolve;
    });
  }
}

export const app = new FakeApp();

export const ipcMain = {
  handlers: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
  handle(channel: string, handler: (event: unknown, ...args: unknown[]) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  },
};

export const protocol = {
  registerSchemesAsPrivileged: vi.fn(),
  handlers: new Map<string, (request: Request) => Promise<Response>>(),
  handle(scheme: string, handler: (request: Request) => Promise<Response>): void {
    this.handlers.set(scheme, handler);
  },
};

export class FakeSession {
  permissionRequestHandler: ((...args: unknown[]) => void) | null = null;
  permissionCheckHandler: ((...args: unknown[]) => boolean) | null = null;
  devicePermissionHandler: ((...args: unknown[]) => boolean) | null = null;
  setPermissionRequestHandler(handler: (...args: unknown[]) => void): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: (...args: unknown[]) => boolean): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: (...args: unknown[]) => boolean): void {
    this.devicePermissionHandler = handler;
  }
}

export const session = { defaultSession: new FakeSession() };

export const shell = {
  openExternal: vi.fn((_url: string) => Promise.resolve()),
  openPath: vi.fn((_path: string) => Promise.resolve('')),
  showItemInFolder: vi.fn(),
};

export const dialog = { showErrorBox: vi.fn(), showOpenDialog: vi.fn(async () => ({ canceled: true, filePaths: [] as string[] })) };

export const exposedInMainWorld = new Map<string, unknown>();
export const contextBridge = {
  exposeInMainWorld: vi.fn((key: string, api: unknown) => {
    if (exposedInMainWorld.has(key)) throw new Error(`Cannot bind an API on top of an existing property: ${key}`);
    exposedInMainWorld.set(key, api);
  }),
};

class FakeIpcRenderer extends EventEmitter {
  readonly invoke = vi.fn((_channel: string, ..._args: unknown[]) => Promise.resolve<unknown>(undefined));
}
export const ipcRenderer = new FakeIpcRenderer();

export const Menu = {
  current: undefined as { template: unknown[] } | undefined,
  buildFromTemplate(template: unknown[]): { template: unknown[] } {
    return { template };
  },
  setApplicationMenu(menu: { template: unknown[] } | null): void {
    this.current = menu ?? undefined;
  },
};

export const globalShortcut = {
  available: true,
  registered: new Map<string, () => void>(),
  register(accelerator: string, callback: () => void): boolean {
    if (!this.available) return false;
    this.registered.set(accelerator, callback);
    return true;
  },
  unregister(accelerator: string): void {
    this.registered.delete(accelerator);
  },
};

export class Notification extends EventEmitter {
  static supported = true;
  static shown: Notification[] = [];
  static isSupported(): boolean {
    return Notification.supported;
  }
  constructor(readonly options: { title: string; body: string; urgency?: string }) {
    super();
  }
  show(): void {
    Notification.shown.push(this);
  }
}

export const BrowserWindow = FakeBrowserWindow;

/** A real pino logger that keeps its JSON lines in memory, so tests can read what was logged. */
export function createMemoryLogger(): { logger: Logger; lines: () => Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const stream = {
    write(chunk: string): void {
      for (const line of chunk.split('\n')) if (line !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
    },
  };
  return { logger: pino({ level: 'debug' }, stream), lines: () => lines };
}
