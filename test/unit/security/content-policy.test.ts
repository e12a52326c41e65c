import { describe, expect, it } from 'vitest';
import { SECURITY_HEADERS } from '../../../src/main/electron/security-policy';
import { contentSecurityPolicy, loopbackSecurityHeaders } from '../../../src/main/security/content-policy';

describe('one content policy for both ways the renderer is served', () => {
  it('sends the same headers from app:// and from the loopback server', () => {
    const loopback = loopbackSecurityHeaders(41733);
    expect(Object.keys(loopback).sort()).toEqual(Object.keys(SECURITY_HEADERS).sort());
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      if (name !== 'Content-Security-Policy') expect(loopback[name]).toBe(value);
    }
  });

  it('differs only in the WebSocket endpoint that browser mode adds to connect-src', () => {
    const electron = contentSecurityPolicy().split('; ');
    const browser = (loopbackSecurityHeaders(41733)['Content-Security-Policy'] ?? '').split('; ');
    expect(browser.filter((d) => !d.startsWith('connect-src'))).toEqual(electron.filter((d) => !d.startsWith('connect-src')));
    expect(browser.find((d) => d.startsWith('connect-src'))).toBe("connect-src 'self' ws://127.0.0.1:41733 ws://localhost:41733");
    expect(electron).toContain("connect-src 'self'");
    expect(electron.join('; ')).not.toMatch(/unsafe-(inline|eval)/);
  });
});
