import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/main/config/load-config';
import { saveConfig } from '../../../src/main/config/save-config';
import { appConfigSchema } from '../../../src/shared/domain/config';
import { type AppError, isAppError } from '../../../src/shared/ipc/errors';
import { makeTempHome } from '../../helpers/temp-home';

interface IssueShape {
  path: string;
  message: string;
  source: string;
}

function captureConfigError(fn: () => unknown): { error: AppError; issues: IssueShape[] } {
  try {
    fn();
  } catch (error) {
    if (isAppError(error) && error.code === 'CONFIG_INVALID') {
      return { error, issues: (error.details?.['issues'] ?? []) as IssueShape[] };
    }
    throw error;
  }
  throw new Error('expected CONFIG_INVALID');
}

describe('loadConfig', () => {
  let dir = '';
  let cleanup = (): void => {};
  let configFile = '';
  beforeEach(() => {
    ({ dir, cleanup } = makeTempHome());
    configFile = path.join(dir, 'config.json');
  });
  afterEach(() => cleanup());

  const load = (env: Record<string, string> = {}) => loadConfig({ paths: { configFile }, env });

  it('returns the schema defaults when the file is missing', () => {
    const loaded = load();
    expect(loaded).toEqual({ config: appConfigSchema.parse({}), path: configFile, overrides: [] });
  });

  it('reads the file and fills in the rest from defaults', () => {
    writeFileSync(configFile, JSON.stringify({ profile: 'live', server: { port: 8123 } }));
    const { config } = load();
    expect(config.profile).toBe('live');
    expect(config.server).toEqual({ host: '127.0.0.1', port: 8123, openBrowser: true });
    expect(config.logging.level).toBe('info');
  });

  it('applies ARBDESK_* overrides over the file, coerced by type', () => {
    writeFileSync(configFile, JSON.stringify({ server: { port: 1, openBrowser: true } }));
    const loaded = load({
      ARBDESK_PROFILE: 'live',
      ARBDESK_SERVER_PORT: '8123',
      ARBDESK_SERVER_OPEN_BROWSER: 'false',
      ARBDESK_LOGGING_LEVEL: 'debug',
      ARBDESK_DATA_OUTLIER_ROBUST_Z: '8',
      ARBDESK_HOME: dir,
      ARBDESK_REQUIRE_KEYCHAIN: '1',
      ARBDESK_UI_THEME: '',
      UNRELATED: 'x',
    });
    expect(loaded.config.profile).toBe('live');
    expect(loaded.config.server.port).toBe(8123);
    expect(loaded.config.server.openBrowser).toBe(false);
    expect(loaded.config.logging.level).toBe('debug');
    expect(loaded.config.data.outlierRobustZ).toBe(8);
    expect(loaded.config.ui.theme).toBe('system');
    expect(loaded.overrides).toEqual([
      'ARBDESK_DATA_OUTLIER_ROBUST_Z',
      'ARBDESK_LOGGING_LEVEL',
      'ARBDESK_PROFILE',
      'ARBDESK_SERVER_OPEN_BROWSER',
      'ARBDESK_SERVER_PORT',
    ]);
  });

  it('reports an unknown variable, a bad coercion and a schema failure together, each with its source', () => {
    writeFileSync(configFile, JSON.stringify({ logging: { maxFiles: 0 } }));
    const { error, issues } = captureConfigError(() =>
      load({ ARBDESK_SERVER_PROT: '1', ARBDESK_SERVER_PORT: 'eighty', ARBDESK_PROFILE: 'yolo' }),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: '', message: expect.stringContaining('did you mean ARBDESK_SERVER_PORT?'), source: 'ARBDESK_SERVER_PROT' },
        { path: 'server.port', message: 'expected a number', source: 'ARBDESK_SERVER_PORT' },
        { path: 'profile', message: expect.stringContaining('expected one of'), source: 'ARBDESK_PROFILE' },
        { path: 'logging.maxFiles', message: expect.stringContaining('>=1'), source: configFile },
      ]),
    );
    expect(issues).toHaveLength(4);
    expect(error.message).toContain(`logging.maxFiles: Too small`);
    expect(error.message).toContain(`(from ${configFile})`);
    expect(error.message).not.toContain('eighty');
    expect(error.message).not.toContain('yolo');
  });

  it('names unknown keys in the file with a suggestion', () => {
    writeFileSync(configFile, JSON.stringify({ server: { prot: 8080 }, colour: 'red' }));
    const { issues } = captureConfigError(() => load());
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'server.prot', message: 'unknown key; did you mean "port"?', source: configFile },
        { path: 'colour', message: 'unknown key', source: configFile },
      ]),
    );
  });

  it('reports a JSON syntax error with file, line and column and without quoting the file', () => {
    writeFileSync(configFile, '{\n  "profile": "paper"\n  "apiKey": hunter2-canary\n}\n');
    const { error, issues } = captureConfigError(() => load());
    expect(error.message).toContain(`${configFile} is not valid JSON at line 3, column 3`);
    expect(issues).toHaveLength(1);
    expect(JSON.stringify(error.details)).not.toContain('hunter2');
    expect(error.message).not.toContain('hunter2');
    expect(error.cause).toBeUndefined();
  });

  it('refuses secret-looking keys at any depth without revealing their values', () => {
    const canary = `canary-${Math.random().toString(36).slice(2)}`;
    writeFileSync(
      configFile,
      JSON.stringify({
        server: { port: 1, apiKey: canary },
        broker: { schwab: { client_id: canary, refresh_token: { nested: canary } } },
        accounts: [{ password: canary }],
        Secret: canary,
      }),
    );
    const { error, issues } = captureConfigError(() => load());
    expect(issues.map((issue) => issue.path).sort()).toEqual(
      ['Secret', 'accounts', 'accounts.0.password', 'broker', 'broker.schwab.client_id', 'broker.schwab.refresh_token', 'server.apiKey'].sort(),
    );
    const secretIssue = issues.find((issue) => issue.path === 'server.apiKey');
    expect(secretIssue?.message).toMatch(/OS keychain/);
    expect(secretIssue?.message).toMatch(/arbdesk/);
    expect(error.message).not.toContain(canary);
    expect(JSON.stringify(error.details)).not.toContain(canary);
    expect(JSON.stringify(error)).not.toContain(canary);
    expect(String(error.stack)).not.toContain(canary);
  });

  it('suggests the keychain for a secret-looking variable name', () => {
    const { issues } = captureConfigError(() => load({ ARBDESK_SCHWAB_CLIENT_SECRET: 'x' }));
    expect(issues).toEqual([{ path: '', message: expect.stringContaining('OS keychain'), source: 'ARBDESK_SCHWAB_CLIENT_SECRET' }]);
  });

  it('refuses a file that is not an object', () => {
    writeFileSync(configFile, '[1, 2]');
    const { issues } = captureConfigError(() => load());
    expect(issues[0]).toEqual({ path: '', message: 'the file must contain a JSON object', source: configFile });
  });

  it('reports an unreadable path rather than treating it as missing', () => {
    mkdirSync(configFile);
    const { issues } = captureConfigError(() => load());
    expect(issues[0]?.message).toContain('cannot read the file (EISDIR)');
  });
});

describe('saveConfig', () => {
  let dir = '';
  let cleanup = (): void => {};
  beforeEach(() => ({ dir, cleanup } = makeTempHome()));
  afterEach(() => cleanup());

  it('writes owner-only, atomically, and round-trips through loadConfig', () => {
    const configFile = path.join(dir, 'config.json');
    writeFileSync(configFile, '{"profile": "paper"}');
    saveConfig(configFile, { profile: 'live', server: { port: 9000 } });
    expect(readdirSync(dir)).toEqual(['config.json']);
    if (process.platform !== 'win32') expect(statSync(configFile).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(configFile, 'utf8'))).toEqual({ profile: 'live', server: { port: 9000 } });
    const { config } = loadConfig({ paths: { configFile }, env: {} });
    expect(config.profile).toBe('live');
    expect(config.server.port).toBe(9000);
  });

  it('refuses an invalid configuration and leaves the old file and no temp files', () => {
    const configFile = path.join(dir, 'config.json');
    writeFileSync(configFile, '{"profile": "paper"}');
    const { issues } = captureConfigError(() => saveConfig(configFile, { server: { port: 70000 } }));
    expect(issues[0]?.path).toBe('server.port');
    expect(readFileSync(configFile, 'utf8')).toBe('{"profile": "paper"}');
    expect(readdirSync(dir)).toEqual(['config.json']);
  });
});
