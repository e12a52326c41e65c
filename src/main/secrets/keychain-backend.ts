/**
 * The OS credential store as keytar exposes it (macOS Keychain, Windows Credential Manager,
 * the freedesktop Secret Service on Linux). This is the external boundary tests may replace.
 */
export interface KeychainBackend {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

/**
 * Loads keytar on first use. It is a native module: a missing or ABI-mismatched build must
 * become "keychain unavailable", not a crash at start-up, so it is never imported statically.
 */
export async function loadKeytarBackend(): Promise<KeychainBackend> {
  const loaded: unknown = await import('keytar');
  // keytar is CommonJS; depending on the loader its functions sit on the namespace or on `default`.
  const candidate = isKeychainBackend(loaded) ? loaded : (loaded as { default?: unknown }).default;
  if (!isKeychainBackend(candidate)) {
    throw new Error('the keytar module loaded but does not provide getPassword, setPassword and deletePassword');
  }
  return candidate;
}

function isKeychainBackend(value: unknown): value is KeychainBackend {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return false;
  const record = value as Record<string, unknown>;
  return typeof record['getPassword'] === 'function' && typeof record['setPassword'] === 'function' && typeof record['deletePassword'] === 'function';
}
