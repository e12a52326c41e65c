import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/main/config/load-config';
import { type LogRoot, createLogRoot } from '../../../src/main/logging/create-logger';
import { runWithCorrelation } from '../../../src/main/logging/context';
import { registerSecret } from '../../../src/main/logging/redact';
import { AppError } from '../../../src/shared/ipc/errors';
import { makeTempHome } from '../../helpers/temp-home';

const canary = (label: string): string => `${label}-${randomBytes(12).toString('hex')}`;

function readAllLogs(logDir: string): string {
  return readdirSync(logDir)
    .map((name) => readFileSync(path.join(logDir, name), 'utf8'))
    .join('');
}

describe('log redaction (audit 1.1: a planted secret never reaches the log files)', () => {
  let home = '';
  let cleanup = (): void => {};
  let root: LogRoot;
  let logDir = '';

  beforeEach(() => {
    ({ dir: home, cleanup } = makeTempHome());
    logDir = path.join(home, 'logs');
    root = createLogRoot({ logDir, level: 'trace', maxFileBytes: 1024 * 1024, maxFiles: 5, maxAgeDays: 14, tailSize: 100 });
  });
  afterEach(async () => {
    await root.close();
    cleanup();
  });

  it('keeps canaries out of every file and the tail, and masks account numbers', async () => {
    const log = root.child('redaction-test');
    const inConfig = canary('config');
    const inError = canary('error');
    const inField = canary('field');
    const inMessage = canary('message');
    const inBearer = canary('bearer');
    const inNested = canary('nested');

    // (i) a secret in config.json under a secret-looking key, refused and the error logged.
    const configFile = path.join(home, 'config.json');
    writeFileSync(configFile, JSON.stringify({ server: { port: 8080 }, broker: { schwab: { appSecret: inConfig } } }));
    let configError: unknown;
    try {
      loadConfig({ paths: { configFile }, env: {} });
    } catch (error) {
      configError = error;
    }
    expect(configError).toBeInstanceOf(AppError);
    log.error({ err: configError }, 'configuration refused');

    // (ii) a registered secret inside an Error message, thrown, caught and logged, with a cause.
    registerSecret(inError);
    try {
      throw new AppError('UNAVAILABLE', `token exchange failed for ${inError}`, { account: '123456789012' }, {
        cause: new Error(`upstream said ${inError}`),
      });
    } catch (error) {
      log.error({ err: error }, 'broker login failed');
      log.error(error);
      log.warn({ error }, 'logged under error');
    }

    // (iii) a secret under a well-known key, deep under a secret-named key, and in message text.
    log.info({ token: inField, request: { headers: { authorization: `Bearer ${inBearer}` } } }, 'request sent');
    log.info({ a: { b: { c: { brokerRefreshToken: inNested } } } }, 'deep field');
    registerSecret(inMessage);
    log.warn(`refreshing with ${inMessage} now`);
    log.warn('formatted %s here', inMessage);
    log.info(`retrying with Authorization: Bearer ${inBearer}`);

    // (iv) account numbers, keyed and in free text.
    runWithCorrelation('corr-42', () => {
      log.info({ accountNumber: '987654321', brokerAccountId: 11223344556, accountValue: 123456789 }, 'positions loaded');
      log.info('order routed to account 55554444 via Schwab');
    });

    await root.flush();
    const text = readAllLogs(logDir);
    await root.close();
    const afterClose = readAllLogs(logDir);

    for (const secret of [inConfig, inError, inField, inMessage, inBearer, inNested]) {
      expect(text).not.toContain(secret);
      expect(afterClose).not.toContain(secret);
      expect(JSON.stringify(root.tail.recent())).not.toContain(secret);
    }
    for (const digits of ['123456789012', '987654321', '11223344556', '55554444']) expect(afterClose).not.toContain(digits);
    expect(afterClose).toContain('****9012');
    expect(afterClose).toContain('****4321');
    expect(afterClose).toContain('****4556');
    expect(afterClose).toContain('account ****4444');
    // Balances are not account numbers.
    expect(afterClose).toContain('"accountValue":123456789');

    // Every line is still JSON, and what matters survived redaction.
    const lines = afterClose.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.length).toBe(11);
    const underError = lines.find((line) => line['msg'] === 'logged under error');
    expect(underError?.['error']).toMatchObject({ type: 'AppError', message: expect.stringContaining('[REDACTED]'), code: 'UNAVAILABLE' });
    const configLine = lines.find((line) => line['msg'] === 'configuration refused');
    expect(JSON.stringify(configLine)).toContain('broker.schwab.appSecret');
    expect(JSON.stringify(configLine)).toContain('CONFIG_INVALID');
    const routed = lines.find((line) => String(line['msg']).startsWith('order routed'));
    expect(routed).toMatchObject({ correlationId: 'corr-42', module: 'redaction-test', level: 'info' });
    expect(lines.find((line) => line['msg'] === 'request sent')).toMatchObject({ token: '[REDACTED]' });
  });
});
