import { AppError } from '../../../shared/ipc/errors';
import type { AuditService } from '../../audit/audit.service';
import type { Keychain } from '../../secrets/keychain';
import { WEBHOOK_ROUTING_KEY_ACCOUNT, WEBHOOK_URL_ACCOUNT } from './webhook-sender';

/**
 * Why a webhook URL cannot be used, or null. HTTPS only, except plain HTTP on the loopback
 * address (a local relay, or a test receiver). The URL itself is never put in the message: a
 * Slack or PagerDuty URL carries its token.
 */
export function webhookUrlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return 'the webhook address is not a URL';
  }
  if (url.username !== '' || url.password !== '') return 'the webhook URL must not carry a user name or password';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === '[::1]' || url.hostname === 'localhost')) return null;
  return 'the webhook URL must be https (plain http only to 127.0.0.1, ::1 or localhost)';
}

/**
 * Stores the webhook URL (and the PagerDuty routing key, when given) in the OS keychain and
 * audits each as credential.set by account name only. Refused without a keychain: the URL is a
 * secret and has no other place.
 */
export async function storeWebhookSecrets(deps: { keychain: Keychain; audit: AuditService; actor: string }, url: string, routingKey: string | null): Promise<void> {
  const problem = webhookUrlProblem(url);
  if (problem !== null) throw new AppError('VALIDATION_FAILED', `Webhook not saved: ${problem}.`, { field: 'url' });
  const entries: Array<[string, string]> = [[WEBHOOK_URL_ACCOUNT, url.trim()]];
  if (routingKey !== null && routingKey.trim() !== '') entries.push([WEBHOOK_ROUTING_KEY_ACCOUNT, routingKey.trim()]);
  for (const [account, value] of entries) {
    const existed = (await deps.keychain.getSecret(account)) !== null;
    await deps.keychain.setSecret(account, value);
    deps.audit.append({ actor: deps.actor, action: 'credential.set', subject: account, before: { existed }, after: { existed: true } });
  }
}

/** Removes both webhook secrets; audits each one that existed as credential.delete. Returns how many were removed. */
export async function clearWebhookSecrets(deps: { keychain: Keychain; audit: AuditService; actor: string }): Promise<number> {
  let removed = 0;
  for (const account of [WEBHOOK_URL_ACCOUNT, WEBHOOK_ROUTING_KEY_ACCOUNT]) {
    if (!(await deps.keychain.deleteSecret(account))) continue;
    removed += 1;
    deps.audit.append({ actor: deps.actor, action: 'credential.delete', subject: account, before: { existed: true }, after: { existed: false } });
  }
  return removed;
}
