import { pino } from 'pino';
import type { KeychainBackend } from '../../src/main/secrets/keychain-backend';
import { createKeychain, type Keychain } from '../../src/main/secrets/keychain';

/**
 * The real Keychain wrapper over an in-memory backend: the double sits only at the OS
 * boundary (keytar), as the test rules allow. The real Secret Service is exercised by
 * test/integration/audit/audit-signing-keychain.test.ts under `npm test`.
 */
export function memoryKeychain(): { keychain: Keychain; entries: Map<string, string> } {
  const entries = new Map<string, string>();
  const backend: KeychainBackend = {
    getPassword: async (service, account) => entries.get(`${service}/${account}`) ?? null,
    setPassword: async (service, account, password) => {
      entries.set(`${service}/${account}`, password);
    },
    deletePassword: async (service, account) => entries.delete(`${service}/${account}`),
  };
  return { keychain: createKeychain({ logger: pino({ level: 'silent' }), loadBackend: async () => backend }), entries };
}

/** A keychain that is not there, as on a server without a Secret Service. */
export function missingKeychain(): Keychain {
  return createKeychain({
    logger: pino({ level: 'silent' }),
    loadBackend: async () => {
      throw new Error('keytar is not installed');
    },
  });
}
