import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { WebhookSender } from '../../../src/main/alerts/webhook/webhook-sender';
import { genericWebhookPayloadSchema, pagerDutyEventSchema, slackWebhookPayloadSchema } from '../../../src/main/alerts/webhook/webhook-payload';
import { alertsConfigSchema } from '../../../src/shared/domain/alerts-config';
import type { AlertRecord, WebhookPreset } from '../../../src/shared/domain/alerts';

interface Received {
  readonly path: string;
  readonly contentType: string | undefined;
  readonly body: unknown;
}

/** A real HTTP receiver on 127.0.0.1 that answers each request with the next status in `statuses` (the last repeats). */
async function receiver(statuses: number[]): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ path: request.url ?? '', contentType: request.headers['content-type'], body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown });
      response.statusCode = statuses[Math.min(received.length - 1, statuses.length - 1)] ?? 200;
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/T000/B000/secret-token`, received, server };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

const alert: AlertRecord = {
  id: 7,
  kind: 'halt',
  severity: 'critical',
  subject: 'global',
  title: 'Trading halted: daily loss limit',
  message: 'loss 3.20% of start-of-day equity vs limit 3.00%',
  dedupKey: 'halt:daily-loss',
  details: { value: 0.032, limit: 0.03 },
  raisedAt: Date.parse('2026-12-01T16:00:00Z'),
  lastAt: Date.parse('2026-12-01T16:00:00Z'),
  count: 1,
  acknowledgedAt: null,
  acknowledgedBy: null,
};

function sender(url: string | null, preset: WebhookPreset, lines: string[] = [], retries = 3) {
  const config = alertsConfigSchema.parse({ webhook: { enabled: true, preset, retries, retryBaseMs: 5, timeoutMs: 2_000 } }).webhook;
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(line) });
  return new WebhookSender({ config: () => config, target: async () => (url === null ? null : { url, routingKey: preset === 'pagerduty' ? 'R0UTINGKEY' : null }), logger });
}

describe('alert webhook over a loopback receiver (real socket)', () => {
  it('retries a failing-then-ok receiver until it accepts, sending the same dedup key each time', async () => {
    const hook = await receiver([503, 500, 200]);
    const lines: string[] = [];
    const webhook = sender(hook.url, 'generic', lines);
    webhook.forward(alert);
    expect(await webhook.idle()).toEqual([{ alertId: 7, delivered: true, attempts: 3, status: 200 }]);
    expect(hook.received).toHaveLength(3);
    for (const request of hook.received) {
      expect(request.contentType).toBe('application/json');
      expect(genericWebhookPayloadSchema.parse(request.body)).toMatchObject({ dedupKey: 'halt:daily-loss', severity: 'critical', raisedAt: '2026-12-01T16:00:00.000Z' });
    }
    // The URL carries a token: it must never reach the log.
    expect(lines.join('\n')).not.toContain('secret-token');
  });

  it('does not retry a 4xx refusal, and gives up on a receiver that stays down', async () => {
    const refusing = await receiver([400]);
    const once = sender(refusing.url, 'slack');
    once.forward(alert);
    expect(await once.idle()).toEqual([{ alertId: 7, delivered: false, attempts: 1, status: 400 }]);
    const down = await receiver([200]);
    await new Promise((resolve) => down.server.close(resolve));
    const lines: string[] = [];
    const gone = sender(down.url, 'generic', lines, 2);
    gone.forward(alert);
    expect(await gone.idle()).toEqual([{ alertId: 7, delivered: false, attempts: 3, status: null }]);
    expect(lines.join('\n')).not.toContain('secret-token');
  });

  it('shapes Slack and PagerDuty Events v2 payloads to their schemas', async () => {
    const hook = await receiver([200]);
    const slack = sender(hook.url, 'slack');
    slack.forward({ ...alert, message: 'P&L <-3%>' });
    const pagerDuty = sender(hook.url, 'pagerduty');
    pagerDuty.forward(alert);
    await slack.idle();
    await pagerDuty.idle();
    const [slackBody, pdBody] = hook.received.map((request) => request.body);
    expect(slackWebhookPayloadSchema.parse(slackBody).text).toContain('P&amp;L &lt;-3%&gt;');
    expect(pagerDutyEventSchema.parse(pdBody)).toMatchObject({
      routing_key: 'R0UTINGKEY',
      event_action: 'trigger',
      dedup_key: 'halt:daily-loss',
      payload: { severity: 'critical', source: 'arbdesk', component: 'global', group: 'halt', custom_details: { value: 0.032, limit: 0.03, count: 1, alertId: 7 } },
    });
  });

  it('sends nothing when no URL is stored in the keychain', async () => {
    const webhook = sender(null, 'generic');
    webhook.forward(alert);
    expect(await webhook.idle()).toEqual([{ alertId: 7, delivered: false, attempts: 0, status: null }]);
  });
});
