import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { clearWebhookSecrets, storeWebhookSecrets } from '../../alerts/webhook/webhook-secret';
import { createKeychain } from '../../secrets/keychain';
import { withStore } from '../with-store';

/** Reads lines from stdin (never argv: command lines end up in shell history and `ps`). */
async function readLines(prompt: string, count: number): Promise<string[]> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: process.stdin.isTTY });
  try {
    const lines: string[] = [];
    if (process.stdin.isTTY) process.stderr.write(prompt);
    for await (const line of rl) {
      lines.push(line);
      if (lines.length >= count) break;
    }
    return lines;
  } finally {
    rl.close();
  }
}

export function registerAlertsCommand(program: Command): void {
  const alerts = program.command('alerts').description('alert delivery');
  const webhook = alerts.command('webhook').description('the optional alert webhook (its URL is kept in the OS keychain)');
  webhook
    .command('set')
    .description('store the webhook URL read from stdin (a second line: the PagerDuty routing key); audited as credential.set, never logged')
    .action(async () => {
      const [url = '', routingKey = null] = await readLines('Webhook URL (then, for PagerDuty, the routing key): ', 2);
      await withStore(async (_store, context) => {
        const keychain = createKeychain({ logger: context.logger.child({ area: 'keychain' }) });
        await storeWebhookSecrets({ keychain, audit: await context.audit(), actor: 'user:cli' }, url, routingKey);
      });
      process.stdout.write('Webhook stored in the OS keychain. Enable it with: arbdesk config set alerts.webhook.enabled true\n');
    });
  webhook
    .command('clear')
    .description('remove the webhook URL and routing key from the OS keychain')
    .action(async () => {
      const removed = await withStore(async (_store, context) => {
        const keychain = createKeychain({ logger: context.logger.child({ area: 'keychain' }) });
        return clearWebhookSecrets({ keychain, audit: await context.audit(), actor: 'user:cli' });
      });
      process.stdout.write(removed === 0 ? 'No webhook was stored.\n' : `Removed ${removed} webhook secret${removed === 1 ? '' : 's'}.\n`);
    });
}
