/**
 * Browser mode opens the page at `/#token=<token>`. The fragment never reaches a server log;
 * we move the token into sessionStorage (so a reload still works, and it dies with the tab)
 * and take it out of the address bar, so it is not bookmarked or shared by accident.
 */
export const TOKEN_STORAGE_KEY = 'arbdesk.accessToken';

export interface TokenEnvironment {
  readonly location: { readonly hash: string; readonly pathname: string; readonly search: string };
  readonly history: { replaceState(data: unknown, unused: string, url: string): void };
  readonly storage: {
    getItem(key: string): string | null;
    setItem(key: string, value: string): void;
  };
}

/**
 * The token travels as a WebSocket subprotocol (`token.<value>`), so it must be an RFC 7230
 * token; anything else would make `new WebSocket` throw before reaching the server.
 */
const TOKEN_SYNTAX = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{16,512}$/;

export function isUsableToken(value: string): boolean {
  return TOKEN_SYNTAX.test(value);
}

/** The token in a `#token=…` fragment, or null when the fragment is a route or absent. */
export function tokenFromHash(hash: string): string | null {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  if (fragment === '' || fragment.startsWith('/')) return null;
  const token = new URLSearchParams(fragment).get('token');
  return token !== null && isUsableToken(token) ? token : null;
}

/** Reads the token from the fragment (storing it and cleaning the URL) or from the session. */
export function takeAccessToken(env: TokenEnvironment): string | null {
  const fromHash = tokenFromHash(env.location.hash);
  if (fromHash !== null) {
    env.storage.setItem(TOKEN_STORAGE_KEY, fromHash);
    env.history.replaceState(null, '', env.location.pathname + env.location.search);
    return fromHash;
  }
  const stored = env.storage.getItem(TOKEN_STORAGE_KEY);
  return stored !== null && isUsableToken(stored) ? stored : null;
}
