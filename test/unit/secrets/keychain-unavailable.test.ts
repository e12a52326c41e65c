import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAppPaths } from '../../../src/main/config/paths';
import { type LogRoot, createLogRoot } from '../../../src/main/logging/create-logger';
import { createKeychain } from '../../../src/main/secrets/keychain';
import { isAppError } from '../../../src/shared/ipc/errors';
import { makeTempHome } from '../../helpers/temp-home';

// libsecret reads the bus address when keytar first connects; pointing it at a socket that does
// not exist gives a machine with no Secret Service, even when the suite runs under one.
// This needs vitest's default `forks` pool: worker threads would not pass the variable to C code.
const originalBusAddress = process.env['DBUS_SESSION_BUS_ADDRESS'];
process.env['DBUS_SESSION_BUS_ADDRESS'] = 'unix:path=/nonexistent/arbdesk-no-bus';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(dir, name))
    .filter((file) => statSync(file).isFile());
}

describe.runIf(process.platform === 'linux')('keychain without a Secret Service (Linux)', () => {
  let home = '';
  let cleanup = (): void => {};
  let root: LogRoot;

  beforeAll(() => {
    ({ dir: home, cleanup } = makeTempHome());
    const paths = resolveAppPaths({ ARBDESK_HOME: home });
    root = createLogRoot({ logDir: paths.logDir, level: 'debug', maxFileBytes: 1024 * 1024, maxFiles: 3, maxAgeDays: 7, tailSize: 50 });
  });
  afterAll(async () => {
    await root.close();
    cleanup();
    if (originalBusAddress === undefined) delete process.env['DBUS_SESSION_BUS_ADDRESS'];
    else process.env['DBUS_SESSION_BUS_ADDRESS'] = originalBusAddress;
  });

  it('reports unavailable with what to do, refuses to store, and writes the secret nowhere', async () => {
    const keychain = createKeychain({ logger: root.child('secrets.keychain'), serviceName: 'ArbDesk-unit-test' });
    const status = await keychain.status();
    expect(status.available).toBe(false);
    expect(status.detail).toContain('No OS keychain is available: on Linux install and unlock gnome-keyring or another Secret Service provider');

    const secret = `never-stored-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
    let caught: unknown;
    try {
      await keychain.setSecret('schwab:refresh-token', secret);
    } catch (error) {
      caught = error;
    }
    expect(isAppError(caught) && caught.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(isAppError(caught) && caught.message).toContain('No OS keychain is available');
    expect(JSON.stringify(isAppError(caught) ? caught.toWire() : caught)).not.toContain(secret);
    expect(String((caught as Error).stack)).not.toContain(secret);

    await expect(keychain.getSecret('schwab:refresh-token')).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    await expect(keychain.deleteSecret('schwab:refresh-token')).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });

    await root.flush();
    const files = filesUnder(home);
    // Only the log file exists: no fallback store, no temp file, nothing beside it.
    expect(files.map((file) => path.relative(home, file))).toEqual([path.join('logs', 'arbdesk.log')]);
    for (const file of files) expect(readFileSync(file, 'utf8')).not.toContain(secret);
    expect(readFileSync(path.join(home, 'logs', 'arbdesk.log'), 'utf8')).toContain('keychain unavailable');
  });
});
