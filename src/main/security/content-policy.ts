/**
 * The one content security policy and header set of the renderer, for both ways it is
 * served: Electron's app:// protocol and browser mode's loopback HTTP server. Written once
 * so the two faces cannot drift apart (they once did: browser mode sent X-Frame-Options and
 * Permissions-Policy, Electron did not).
 *
 * `font-src` and `object-src` are spelled out although `default-src 'none'` already covers
 * them, so a future loosening of `default-src` cannot silently re-enable plugins or remote
 * fonts. No 'unsafe-inline' anywhere: React writes inline styles through the CSSOM, which
 * `style-src` does not govern.
 */

export interface ContentPolicyOptions {
  /**
   * Extra `connect-src` sources beyond 'self'. Browser mode adds its WebSocket endpoint:
   * older engines do not treat ws: as same-origin under 'self'. (Chromium rejects an IPv6
   * literal as a CSP host source, so [::1] relies on 'self'.)
   */
  readonly connectSources?: readonly string[];
}

export function contentSecurityPolicy(options: ContentPolicyOptions = {}): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    ["connect-src 'self'", ...(options.connectSources ?? [])].join(' '),
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** Headers every renderer response carries, success or error alike. */
export function securityHeaders(options: ContentPolicyOptions = {}): Readonly<Record<string, string>> {
  return Object.freeze({
    'Content-Security-Policy': contentSecurityPolicy(options),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=()',
  });
}

/** Browser mode: the policy plus this server's WebSocket endpoint. */
export function loopbackSecurityHeaders(port: number): Readonly<Record<string, string>> {
  return securityHeaders({ connectSources: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`] });
}
