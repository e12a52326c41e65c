import { shell, type Event, type WebContents } from 'electron';
import type { Logger } from 'pino';
import { EXTERNAL_LINK_ALLOW_LIST, isTrustedOrigin, parseExternalLink } from './security-policy';

export interface WebContentsHardeningOptions {
  /** Origins the renderer may navigate within (app://arbdesk, plus the dev server in development). */
  readonly trustedOrigins: readonly string[];
  readonly logger: Logger;
  /** Hosts whose https links may be handed to the user's browser. */
  readonly externalAllowList?: readonly string[];
}

// Hardening runs both from 'web-contents-created' and when a window is built; once is enough.
const hardened = new WeakSet<WebContents>();

/**
 * Locks one webContents down: no navigation away from our origins, no redirects, no new
 * windows, no <webview>. Links on the allow-list open in the user's browser instead.
 * Idempotent, so it is safe to apply to every webContents the app creates.
 */
export function hardenWebContents(webContents: WebContents, options: WebContentsHardeningOptions): void {
  if (hardened.has(webContents)) return;
  hardened.add(webContents);
  const { trustedOrigins, logger } = options;
  const allowList = options.externalAllowList ?? EXTERNAL_LINK_ALLOW_LIST;

  function openOutside(url: string, via: string): void {
    const link = parseExternalLink(url, allowList);
    if (link === null) {
      logger.warn({ url: describeUrl(url), via }, 'refused to open a link outside the app');
      return;
    }
    shell.openExternal(link).catch((error: unknown) => {
      logger.warn({ err: error, url: link }, 'the operating system could not open an external link');
    });
  }

  function guardNavigation(event: Event<{ url: string }>, via: string): void {
    const { url } = event;
    if (isTrustedOrigin(url, trustedOrigins)) return;
    event.preventDefault();
    logger.warn({ url: describeUrl(url), via }, 'blocked navigation away from the app');
    openOutside(url, via);
  }

  webContents.on('will-navigate', function onWillNavigate(event) {
    guardNavigation(event, 'will-navigate');
  });
  // Subframes do not raise will-navigate; the app has none, so any that appears is pinned too.
  webContents.on('will-frame-navigate', function onWillFrameNavigate(event) {
    if (event.isMainFrame) return; // handled by will-navigate
    guardNavigation(event, 'will-frame-navigate');
  });
  // The app:// handler never redirects and neither does the dev server for real pages.
  webContents.on('will-redirect', function onWillRedirect(event) {
    event.preventDefault();
    logger.warn({ url: describeUrl(event.url) }, 'blocked a redirect');
  });
  webContents.on('will-attach-webview', function onWillAttachWebview(event) {
    event.preventDefault();
    logger.warn('blocked an attempt to attach a <webview>');
  });
  webContents.setWindowOpenHandler(function onWindowOpen(details) {
    openOutside(details.url, 'window.open');
    return { action: 'deny' };
  });
}

/** Logs the shape of a refused URL without its query string, which may hold tokens. */
function describeUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '(unparsable URL)';
  }
  return parsed.host === '' ? parsed.protocol : `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}
