import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  SECURITY_HEADERS,
  createHardenedWebPreferences,
  isTrustedOrigin,
  originOf,
  parseDevServerOrigin,
  parseExternalLink,
  trustedOriginsFor,
} from '../../../src/main/electron/security-policy';
import { AppError } from '../../../src/shared/ipc/errors';

describe('content security policy', () => {
  it('is exactly the strict policy of the house style', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'",
    );
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)/);
    expect(SECURITY_HEADERS['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(SECURITY_HEADERS['X-Content-Type-Options']).toBe('nosniff');
  });
});

describe('createHardenedWebPreferences', () => {
  it('sets every security flag explicitly, with DevTools off in a packaged build', () => {
    expect(createHardenedWebPreferences({ preloadPath: '/app/dist/main/preload.cjs', isPackaged: true })).toStrictEqual({
      preload: '/app/dist/main/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      plugins: false,
      enableWebSQL: false,
      safeDialogs: true,
      devTools: false,
    });
  });

  it('allows DevTools only in development', () => {
    expect(createHardenedWebPreferences({ preloadPath: '/p.cjs', isPackaged: false }).devTools).toBe(true);
  });
});

describe('originOf and isTrustedOrigin', () => {
  it('builds the app:// origin that WHATWG URL reports as "null"', () => {
    expect(new URL('app://arbdesk/index.html').origin).toBe('null');
    expect(originOf('app://arbdesk/index.html')).toBe('app://arbdesk');
    expect(originOf('http://127.0.0.1:5173/src/main.tsx')).toBe('http://127.0.0.1:5173');
  });

  it('has no origin for file:, data:, javascript:, unparsable URLs or app:// with a port or credentials', () => {
    for (const url of ['file:///etc/passwd', 'data:text/html,hi', 'javascript:alert(1)', 'not a url', 'app://arbdesk:99/', 'app://u:p@arbdesk/']) {
      expect(originOf(url), url).toBeNull();
    }
  });

  it('trusts only the listed origins', () => {
    const trusted = trustedOriginsFor(undefined);
    expect(trusted).toEqual(['app://arbdesk']);
    expect(isTrustedOrigin('app://arbdesk/index.html#/trade', trusted)).toBe(true);
    expect(isTrustedOrigin('app://arbdesk.evil/index.html', trusted)).toBe(false);
    expect(isTrustedOrigin('https://evil.example/', trusted)).toBe(false);
    expect(isTrustedOrigin('http://127.0.0.1:5173/', trusted)).toBe(false);
    expect(isTrustedOrigin('http://127.0.0.1:5173/', trustedOriginsFor('http://127.0.0.1:5173/'))).toBe(true);
  });
});

describe('parseDevServerOrigin', () => {
  it('accepts http on loopback hosts only', () => {
    expect(parseDevServerOrigin('http://localhost:5173/')).toBe('http://localhost:5173');
    expect(parseDevServerOrigin('http://[::1]:5173')).toBe('http://[::1]:5173');
    for (const bad of ['https://127.0.0.1:5173', 'http://192.168.1.10:5173', 'http://evil.example', 'nonsense']) {
      expect(() => parseDevServerOrigin(bad), bad).toThrow(AppError);
    }
  });
});

describe('parseExternalLink', () => {
  const allow = ['developer.schwab.com'];
  it('returns the re-serialised URL for https on the allow-list', () => {
    expect(parseExternalLink('https://developer.schwab.com/products?x=1', allow)).toBe('https://developer.schwab.com/products?x=1');
  });
  it('refuses other schemes, hosts, credentials and look-alikes', () => {
    for (const url of [
      'http://developer.schwab.com/',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'https://developer.schwab.com.evil.example/',
      'https://user:pw@developer.schwab.com/',
      'https://evil.example/?https://developer.schwab.com',
      '//developer.schwab.com/',
    ]) {
      expect(parseExternalLink(url, allow), url).toBeNull();
    }
  });
});
