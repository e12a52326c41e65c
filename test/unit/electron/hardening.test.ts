import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

import type { Session, WebContents } from 'electron';
import { hardenSession } from '../../../src/main/electron/session-hardening';
import { hardenWebContents } from '../../../src/main/electron/web-contents-hardening';
import { FakeSession, FakeWebContents, createMemoryLogger, fakeEvent, shell } from './fake-electron';

const trustedOrigins = ['app://arbdesk'];

function hardened(): FakeWebContents {
  const webContents = new FakeWebContents();
  const { logger } = createMemoryLogger();
  hardenWebContents(webContents as unknown as WebContents, { trustedOrigins, logger, externalAllowList: ['github.com'] });
  return webContents;
}

function navigate(webContents: FakeWebContents, name: string, url: string, extra: object = {}): boolean {
  const event = fakeEvent({ url, isMainFrame: true, ...extra });
  webContents.emit(name, event, url);
  return event.defaultPrevented;
}

beforeEach(() => {
  shell.openExternal.mockClear();
});

describe('hardenWebContents', () => {
  it('lets the page navigate within app://arbdesk', () => {
    const webContents = hardened();
    expect(navigate(webContents, 'will-navigate', 'app://arbdesk/index.html#/risk')).toBe(false);
  });

  it('prevents navigation to another origin, file: and javascript:', () => {
    const webContents = hardened();
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'javascript:alert(1)', 'app://other/index.html']) {
      expect(navigate(webContents, 'will-navigate', url), url).toBe(true);
    }
    expect(shell.openExternal).not.toHaveBeenCalled();
  });

  it('pins subframes too', () => {
    const webContents = hardened();
    expect(navigate(webContents, 'will-frame-navigate', 'https://evil.example/', { isMainFrame: false })).toBe(true);
    expect(navigate(webContents, 'will-frame-navigate', 'app://arbdesk/frame.html', { isMainFrame: false })).toBe(false);
  });

  it('prevents every redirect and every <webview>', () => {
    const webContents = hardened();
    expect(navigate(webContents, 'will-redirect', 'app://arbdesk/index.html')).toBe(true);
    const attach = fakeEvent({});
    webContents.emit('will-attach-webview', attach, {}, { src: 'https://evil.example/' });
    expect(attach.defaultPrevented).toBe(true);
  });

  it('denies window.open and hands only allow-listed https links to the browser', async () => {
    const webContents = hardened();
    const open = webContents.windowOpenHandler;
    if (open === undefined) throw new Error('no window open handler was installed');

    expect(open({ url: 'https://github.com/arbdesk/arbdesk/issues' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
    expect(shell.openExternal).toHaveBeenCalledWith('https://github.com/arbdesk/arbdesk/issues');

    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'http://github.com/', 'https://evil.example/', 'app://arbdesk/x']) {
      expect(open({ url }), url).toEqual({ action: 'deny' });
    }
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
  });

  it('opens an allow-listed link that the page tried to navigate to in the browser instead', () => {
    const webContents = hardened();
    expect(navigate(webContents, 'will-navigate', 'https://github.com/')).toBe(true);
    expect(shell.openExternal).toHaveBeenCalledWith('https://github.com/');
  });

  it('is idempotent: hardening twice installs one set of listeners', () => {
    const webContents = new FakeWebContents();
    const { logger } = createMemoryLogger();
    hardenWebContents(webContents as unknown as WebContents, { trustedOrigins, logger });
    hardenWebContents(webContents as unknown as WebContents, { trustedOrigins, logger });
    expect(webContents.listenerCount('will-navigate')).toBe(1);
  });
});

describe('hardenSession', () => {
  it('denies every permission request, check and device permission', () => {
    const session = new FakeSession();
    const { logger, lines } = createMemoryLogger();
    hardenSession(session as unknown as Session, logger);

    const answers: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      session.permissionRequestHandler?.({}, permission, (granted: boolean) => answers.push(granted), {
        requestingUrl: 'app://arbdesk/index.html',
        isMainFrame: true,
      });
    }
    expect(answers).toEqual([false, false, false, false, false]);
    expect(session.permissionCheckHandler?.(null, 'clipboard-read', 'app://arbdesk', {})).toBe(false);
    expect(session.devicePermissionHandler?.({ deviceType: 'usb', origin: 'app://arbdesk' })).toBe(false);
    expect(lines().filter((line) => line['msg'] === 'denied a permission request')).toHaveLength(5);
  });
});
