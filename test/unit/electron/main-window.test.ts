import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

import { createMainWindow, revealWindow } from '../../../src/main/electron/main-window';
import { createHardenedWebPreferences } from '../../../src/main/electron/security-policy';
import { FakeBrowserWindow, createMemoryLogger, fakeEvent } from './fake-electron';
import type { BrowserWindow } from 'electron';

beforeEach(() => {
  FakeBrowserWindow.instances.length = 0;
});

function create(devServerUrl?: string): FakeBrowserWindow {
  const window = createMainWindow({
    preloadPath: '/app/dist/main/preload.cjs',
    isPackaged: devServerUrl === undefined,
    ...(devServerUrl === undefined ? {} : { devServerUrl }),
    trustedOrigins: devServerUrl === undefined ? ['app://arbdesk'] : ['app://arbdesk', new URL(devServerUrl).origin],
    logger: createMemoryLogger().logger,
  });
  return window as unknown as FakeBrowserWindow;
}

describe('createMainWindow', () => {
  it('builds a hidden, titled window with the hardened preferences and loads app://arbdesk', () => {
    const window = create();
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    expect(window.options).toMatchObject({ title: 'ArbDesk', show: false, minWidth: 1024, minHeight: 640 });
    expect(window.options['backgroundColor']).toMatch(/^#[0-9a-f]{6}$/);
    expect(window.options['webPreferences']).toStrictEqual(
      createHardenedWebPreferences({ preloadPath: '/app/dist/main/preload.cjs', isPackaged: true }),
    );
    expect(window.loadedUrls).toEqual(['app://arbdesk/index.html']);
  });

  it('shows the window only once the first paint is ready', () => {
    const window = create();
    expect(window.isVisible()).toBe(false);
    window.emit('ready-to-show');
    expect(window.isVisible()).toBe(true);
  });

  it('hardens the window before loading: navigation away is prevented, window.open denied', () => {
    const window = create();
    const navigation = fakeEvent({ url: 'https://evil.example/', isMainFrame: true });
    window.webContents.emit('will-navigate', navigation);
    expect(navigation.defaultPrevented).toBe(true);
    expect(window.webContents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('loads the dev server in development', () => {
    const window = create('http://127.0.0.1:5173/');
    expect(window.loadedUrls).toEqual(['http://127.0.0.1:5173/']);
    expect((window.options['webPreferences'] as { devTools: boolean }).devTools).toBe(true);
  });
});

describe('revealWindow', () => {
  it('restores, shows and focuses a minimised window', () => {
    const window = create();
    window.minimized = true;
    revealWindow(window as unknown as BrowserWindow);
    expect(window.isMinimized()).toBe(false);
    expect(window.isVisible()).toBe(true);
    expect(window.focused).toBe(true);
  });
});
