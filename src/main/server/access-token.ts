import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh random token for one launch of browser mode: 256 bits, URL-safe. */
export function createAccessToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Compares in constant time. Hashing both sides first gives equal-length buffers, so
 * neither the content nor the length of the expected token leaks through timing.
 */
export function tokensMatch(expected: string, presented: string | undefined): boolean {
  if (presented === undefined || presented.length === 0) return false;
  const a = createHash('sha256').update(expected, 'utf8').digest();
  const b = createHash('sha256').update(presented, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** The WebSocket subprotocol that names the contract version. */
export const PROTOCOL_NAME = 'arbdesk.v1';
const TOKEN_PROTOCOL_PREFIX = 'token.';

/**
 * Browsers cannot set headers on a WebSocket, and a query string ends up in logs and
 * history, so the token travels as a second subprotocol: `token.<value>`.
 */
export function tokenFromProtocols(protocols: ReadonlySet<string> | readonly string[]): string | undefined {
  for (const protocol of protocols) {
    if (protocol.startsWith(TOKEN_PROTOCOL_PREFIX)) return protocol.slice(TOKEN_PROTOCOL_PREFIX.length);
  }
  return undefined;
}

export function tokenProtocol(token: string): string {
  return TOKEN_PROTOCOL_PREFIX + token;
}
