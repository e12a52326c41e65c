import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadAuditSigner } from '../../../src/main/audit/audit-signer';
import { runDoctor } from '../../../src/main/app/doctor';
import { ensureAppDirs, resolveAppPaths } from '../../../src/main/config/paths';
import { memoryKeychain, missingKeychain } from '../../helpers/memory-keychain';
import { makeTempHome } from '../../helpers/temp-home';

const homes: Array<{ cleanup: () => void }> = [];
afterEach(() => {
  for (const made of homes.splice(0)) made.cleanup();
});

async function signingCheck(keychain: Parameters<typeof runDoctor>[0]['keychain']) {
  const home = makeTempHome('arbdesk-doctor-');
  homes.push(home);
  const env = { ARBDESK_HOME: home.dir };
  const paths = resolveAppPaths(env);
  ensureAppDirs(paths);
  const checks = await runDoctor({ paths, env, keychain, logger: pino({ level: 'silent' }) });
  return checks.find((check) => check.id === 'audit-signing');
}

describe('doctor: audit log signing', () => {
  it('says signing is off without a keychain', async () => {
    expect(await signingCheck(missingKeychain())).toMatchObject({ status: 'warn', detail: expect.stringContaining('Audit signing is off') });
  });

  it('names the key once it exists, and never creates one itself', async () => {
    const { keychain, entries } = memoryKeychain();
    expect(await signingCheck(keychain)).toMatchObject({ status: 'ok', detail: expect.stringContaining('created in the OS keychain on the next start') });
    expect(entries.size).toBe(0);
    const loaded = await loadAuditSigner(keychain);
    expect(await signingCheck(keychain)).toMatchObject({ status: 'ok', detail: `Signing is on: Ed25519 key ${loaded.signer?.keyId ?? '?'} in the OS keychain.` });
  });
});
