import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { AUDIT_SIGNING_ACCOUNT, attachAuditSigner } from '../../../src/main/audit/audit-signer';
import { createAuditService } from '../../../src/main/audit/audit.service';
import { createKeychain } from '../../../src/main/secrets/keychain';
import { tradingMigrations } from '../../../src/main/store/trading-migrations';
import { sampleAuditEvent } from '../../helpers/audit-events';
import { makeTempHome } from '../../helpers/temp-home';
import { openTestStore } from '../store/store-test-kit';

/*
 * The audit signing key in the REAL OS keychain. Runs and skips like
 * test/integration/secrets/keychain.test.ts: `npm test` provides a throwaway gnome-keyring and
 * sets ARBDESK_REQUIRE_KEYCHAIN=1, which makes a missing keychain a failure.
 */
const required = process.env['ARBDESK_REQUIRE_KEYCHAIN'] === '1';
const serviceName = `ArbDesk-test-${randomBytes(6).toString('hex')}`;
const keychain = createKeychain({ logger: pino({ level: 'silent' }), serviceName });
const probe = await keychain.status();
const runIt = probe.available || required;
if (!runIt) console.warn(`audit signing keychain test skipped: ${probe.detail} (set ARBDESK_REQUIRE_KEYCHAIN=1 to make this a failure)`);

describe.skipIf(!runIt)('the audit signing key in the OS keychain', () => {
  const temp = makeTempHome('arbdesk-audit-keychain-');
  afterAll(async () => {
    await keychain.deleteSecret(AUDIT_SIGNING_ACCOUNT);
    temp.cleanup();
  });

  it('is created on first use, reused afterwards, and signs entries that verify', async () => {
    expect(probe.available, probe.detail).toBe(true);
    const store = openTestStore(path.join(temp.dir, 'trading.sqlite'), tradingMigrations);
    try {
      const audit = createAuditService(store.db, { headFile: path.join(temp.dir, 'audit-head.json') });
      const first = await attachAuditSigner(audit, keychain);
      expect(first).toMatchObject({ created: true });
      audit.append(sampleAuditEvent('signed with the real keychain'));
      const again = await attachAuditSigner(createAuditService(store.db), keychain);
      expect(again).toMatchObject({ created: false });
      expect(again.signer?.keyId).toBe(first.signer?.keyId);
      expect(audit.verify()).toMatchObject({ ok: true, checked: 2, signed: 2, signing: { enabled: true, keyId: first.signer?.keyId } });
    } finally {
      store.close();
    }
  });
});
