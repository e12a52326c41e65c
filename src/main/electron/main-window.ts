import { BrowserWindow } from 'electron';
import type { Logger } from 'pino';
import { APP_START_URL, createHardenedWebPreferences } from './security-policy';
import { hardenWebContents } from './web-contents-hardening';

export interface MainWindowOptions {
  readonly preloadPath: string;
  readonly isPackaged: boolean;
  /** The Vite dev server in development; app://arbdesk/index.html otherwise. */
  readonly devServerUrl?: string;
  readonly trustedOrigins: readonly string[];
  readonly logger: Logger;
}

/** Matches the renderer's dark theme so the window never flashes white while loading. */
export const WINDOW_BACKGROUND = '#0f1216';

/**
 * Creates and loads the one ArbDesk window. It stays hidden until the first paint is ready,
 * and its webContents is hardened before any page is loaded into it.
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const { logger } = options;
  const window = new BrowserWindow({
    title: 'ArbDesk',
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    backgroundColor: WINDOW_BACKGROUND,
    webPreferences: createHardenedWebPreferences({ preloadPath: options.preloadPath, isPackaged: options.isPackaged }),
  });
  hardenWebContents(window.webContents, { trustedOrigins: options.trustedOrigins, logger });

  window.once('ready-to-show', () => window.show());
  window.webContents.on('render-process-gone', (_event, details) => {
    logger.error({ reason: details.reason, exitCode: details.exitCode }, 'the renderer process is gone');
  });
  window.on('unresponsive', () => logger.warn('the window stopped responding'));
  window.on('responsive', () => logger.info('the window responds again'));

  const url = options.devServerUrl ?? APP_START_URL;
  window.loadURL(url).catch((error: unknown) => {
    logger.error({ err: error, url }, 'the window failed to load the renderer');
  });
  return window;
}

/** Brings an existing window to the front (second launch, notification click). */
export function revealWindow(window: BrowserWindow): void {
  if (window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  if (!window.isVisible()) window.show();
  window.focus();
}
