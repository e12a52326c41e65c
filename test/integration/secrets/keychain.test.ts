import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogRoot } from '../../../src/main/logging/create-logger';
import { createKeychain } from '../../../src/main/secrets/keychain';
import { makeTempHome } from '../../helpers/temp-home';

/*
 * Talks to the real OS keychain. `npm test` provides one on Linux by running the suite under
 *   dbus-run-session -- sh -c 'echo -n throwaway | gnome-keyring-daemon --unlock --components=secrets >/dev/null; vitest run'
 * and sets ARBDESK_REQUIRE_KEYCHAIN=1, which turns a missing keychain into a failure instead of
 * a skip, so CI cannot pass without having exercised it.
 */
const required = process.env['ARBDESK_REQUIRE_KEYCHAIN'] === '1';
// A service name of its own, so a run never touches real ArbDesk entries or another run's.
const serviceName = `ArbDesk-test-${randomBytes(6).toString('hex')}`;
const probe = await createKeychain({ logger: pino({ level: 'silent' }), serviceName }).status();
const runIt = probe.available || required;

if (!runIt) {
  // The default reporter hides the names of skipped tests; say why on stderr as well.
  console.warn(`OS keychain test skipped: ${probe.detail} (set ARBDESK_REQUIRE_KEYCHAIN=1 to make this a failure)`);
}

describe.skipIf(!runIt)('OS keychain (real Secret Service / Keychain / Credential Manager)', () => {
  const temp = makeTempHome();
  const logDir = path.join(temp.dir, 'logs');
  const root = createLogRoot({ logDir, level: 'debug', maxFileBytes: 1024 * 1024, maxFiles: 2, maxAgeDays: 7, tailSize: 50 });
  afterAll(async () => {
    await root.close();
    temp.cleanup();
  });

  it('stores, reads, replaces and deletes a secret, and never logs it', async () => {
    expect(probe.available, probe.detail).toBe(true);
    const keychain = createKeychain({ logger: root.child('secrets.keychain'), serviceName });
    expect(await keychain.status()).toMatchObject({ available: true });

    const account = 'test:refresh-token';
    const first = `first-${randomBytes(16).toString('hex')}`;
    const second = `second-${randomBytes(16).toString('hex')}`;
    try {
      expect(await keychain.getSecret(account)).toBeNull();
      await keychain.setSecret(account, first);
      expect(await keychain.getSecret(account)).toBe(first);
      await keychain.setSecret(account, second);
      expect(await keychain.getSecret(account)).toBe(second);
      root.child('careless').info({ detail: `leaking ${first} and ${second}` }, 'should be scrubbed');
    } finally {
      await keychain.deleteSecret(account);
    }
    expect(await keychain.getSecret(account)).toBeNull();
    expect(await keychain.deleteSecret(account)).toBe(false);

    await root.flush();
    const logs = readdirSync(logDir)
      .map((name) => readFileSync(path.join(logDir, name), 'utf8'))
      .join('');
    expect(logs).toContain('keychain secret stored');
    expect(logs).not.toContain(first);
    expect(logs).not.toContain(second);
  });
});
