import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditService } from '../../../src/main/audit/audit.service';
import { clearWebhookSecrets, storeWebhookSecrets, webhookUrlProblem } from '../../../src/main/alerts/webhook/webhook-secret';
import { WEBHOOK_ROUTING_KEY_ACCOUNT, WEBHOOK_URL_ACCOUNT } from '../../../src/main/alerts/webhook/webhook-sender';
import { openDatabase, type Store } from '../../../src/main/store/db';
import { tradingMigrations } from '../../../src/main/store/trading-migrations';
import { memoryKeychain, missingKeychain } from '../../helpers/memory-keychain';
import { makeTempHome } from '../../helpers/temp-home';

let home: ReturnType<typeof makeTempHome>;
let trading: Store;

beforeEach(() => {
  home = makeTempHome('arbdesk-webhook-secret-');
  trading = openDatabase({ path: path.join(home.dir, 'trading.sqlite'), busyTimeoutMs: 2000, migrations: tradingMigrations });
});

afterEach(() => {
  trading.close();
  home.cleanup();
});

const slackUrl = 'https://hooks.slack.com/services/T000/B000/secret-token';

describe('the webhook URL is a keychain secret', () => {
  it('accepts https and loopback http only, without naming the URL in the problem', () => {
    expect(webhookUrlProblem(slackUrl)).toBeNull();
    expect(webhookUrlProblem('http://127.0.0.1:8080/hook')).toBeNull();
    expect(webhookUrlProblem('http://hooks.example.com/secret-token')).toBe('the webhook URL must be https (plain http only to 127.0.0.1, ::1 or localhost)');
    expect(webhookUrlProblem('https://user:pw@example.com/')).toBe('the webhook URL must not carry a user name or password');
    expect(webhookUrlProblem('not a url')).toBe('the webhook address is not a URL');
  });

  it('stores URL and routing key in the keychain, audits them by account name only, and clears them', async () => {
    const { keychain, entries } = memoryKeychain();
    const audit = createAuditService(trading.db);
    await storeWebhookSecrets({ keychain, audit, actor: 'user:cli' }, ` ${slackUrl} `, 'R0UTINGKEY');
    expect(await keychain.getSecret(WEBHOOK_URL_ACCOUNT)).toBe(slackUrl);
    expect(await keychain.getSecret(WEBHOOK_ROUTING_KEY_ACCOUNT)).toBe('R0UTINGKEY');
    const rows = audit.list({ limit: 10 });
    expect(rows.map((row) => [row.action, row.subject])).toEqual([
      ['credential.set', WEBHOOK_ROUTING_KEY_ACCOUNT],
      ['credential.set', WEBHOOK_URL_ACCOUNT],
    ]);
    expect(JSON.stringify(rows)).not.toContain('secret-token');
    expect(JSON.stringify(rows)).not.toContain('R0UTINGKEY');
    expect(await clearWebhookSecrets({ keychain, audit, actor: 'user:cli' })).toBe(2);
    expect(entries.size).toBe(0);
    expect(audit.list({ limit: 1 })[0]).toMatchObject({ action: 'credential.delete' });
  });

  it('refuses an unusable URL and refuses without a keychain', async () => {
    const audit = createAuditService(trading.db);
    await expect(storeWebhookSecrets({ keychain: memoryKeychain().keychain, audit, actor: 'user:cli' }, 'http://example.com/x', null)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(storeWebhookSecrets({ keychain: missingKeychain(), audit, actor: 'user:cli' }, slackUrl, null)).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    expect(audit.list({ limit: 10 })).toEqual([]);
  });
});
