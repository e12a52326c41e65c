import type { WebPreferences } from 'electron';
import { APP_ORIGIN } from '../../shared/ipc/bridge';
import { AppError } from '../../shared/ipc/errors';
import { contentSecurityPolicy, securityHeaders } from '../security/content-policy';

/**
 * The one security policy of the renderer, as data. Everything here is pure so it can be
 * asserted exactly in tests; the modules that apply it to Electron objects stay thin.
 * Reference: https://www.electronjs.org/docs/latest/tutorial/security
 */

/** The policy every app:// response carries (the one owner is security/content-policy.ts). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = securityHeaders();
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

/** The scheme and host the packaged renderer is served from (see app-protocol.ts). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'arbdesk';
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/**
 * Hosts whose https links the renderer may ask to open in the user's browser. Kept short on
 * purpose: documentation and the broker's own pages, nothing user-supplied.
 */
export const EXTERNAL_LINK_ALLOW_LIST: readonly string[] = Object.freeze([
  'github.com',
  'developer.schwab.com',
  'www.schwab.com',
  'www.electronjs.org',
  // lightweight-charts' Apache-2.0 attribution link under every chart.
  'www.tradingview.com',
]);

export interface WebPreferencesOptions {
  /** Absolute path of the bundled (CommonJS) preload script. */
  readonly preloadPath: string;
  /** `app.isPackaged`: DevTools exist only in development builds. */
  readonly isPackaged: boolean;
}

/**
 * The web preferences of every ArbDesk window. Each flag is set explicitly, including those
 * whose Electron default is already safe, so a change of default upstream cannot weaken us.
 */
export function createHardenedWebPreferences(options: WebPreferencesOptions): WebPreferences {
  return {
    preload: options.preloadPath,
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
    devTools: !options.isPackaged,
  };
}

/**
 * The origin of a URL the way a browser compares it, for the schemes we care about. WHATWG
 * `URL.origin` is "null" for non-special schemes such as app:, so that case is built by hand.
 * Returns null for anything unparsable or for schemes that never count as ours (file:, data:).
 */
export function originOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  switch (parsed.protocol) {
    case `${APP_SCHEME}:`:
      if (parsed.username !== '' || parsed.password !== '' || parsed.port !== '') return null;
      return `${parsed.protocol}//${parsed.hostname}`;
    case 'http:':
    case 'https:':
      return parsed.origin;
    default:
      return null;
  }
}

/** True when `url` belongs to one of the origins our renderer is allowed to live on. */
export function isTrustedOrigin(url: string, trustedOrigins: readonly string[]): boolean {
  const origin = originOf(url);
  return origin !== null && trustedOrigins.includes(origin);
}

/**
 * The origins the renderer may be loaded from: always app://arbdesk, plus the Vite dev
 * server in development. The dev server is accepted only on loopback over http, so a stray
 * environment variable cannot point a window at a remote host.
 */
export function trustedOriginsFor(devServerUrl: string | undefined): readonly string[] {
  if (devServerUrl === undefined) return [APP_ORIGIN];
  return [APP_ORIGIN, parseDevServerOrigin(devServerUrl)];
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function parseDevServerOrigin(devServerUrl: string): string {
  let parsed: URL;
  try {
    parsed = new URL(devServerUrl);
  } catch {
    throw new AppError('CONFIG_INVALID', `ARBDESK_DEV_SERVER_URL is not a URL: ${JSON.stringify(devServerUrl)}`, {
      issues: [{ path: 'ARBDESK_DEV_SERVER_URL', message: 'must be a URL' }],
    });
  }
  if (parsed.protocol !== 'http:' || !LOOPBACK_HOSTS.has(parsed.hostname)) {
    throw new AppError('CONFIG_INVALID', `ARBDESK_DEV_SERVER_URL must be http on a loopback host, got ${parsed.origin}`, {
      issues: [{ path: 'ARBDESK_DEV_SERVER_URL', message: 'must be http://127.0.0.1, http://localhost or http://[::1]' }],
    });
  }
  return parsed.origin;
}

/**
 * Parses a link the renderer wants opened outside the app. Only https URLs without
 * credentials on an allow-listed host pass; the returned string is the re-serialised URL,
 * never the raw input, so what the OS opens is exactly what was checked.
 */
export function parseExternalLink(raw: string, allowList: readonly string[] = EXTERNAL_LINK_ALLOW_LIST): string | null {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:') return null;
  if (parsed.username !== '' || parsed.password !== '') return null;
  if (!allowList.includes(parsed.hostname)) return null;
  return parsed.href;
}
