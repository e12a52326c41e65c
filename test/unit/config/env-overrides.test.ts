import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectConfigLeaves, screamingSnake } from '../../../src/main/config/config-shape';
import { applyOverrides, readEnvOverrides } from '../../../src/main/config/env-overrides';
import { appConfigSchema } from '../../../src/shared/domain/config';

describe('config leaves', () => {
  const leaves = collectConfigLeaves(appConfigSchema);

  it('maps camelCase key paths to SCREAMING_SNAKE variable names', () => {
    expect(screamingSnake('outlierRobustZ')).toBe('OUTLIER_ROBUST_Z');
    expect(screamingSnake('cacheTtlMs')).toBe('CACHE_TTL_MS');
    const byName = Object.fromEntries(leaves.map((leaf) => [leaf.envName, leaf]));
    expect(byName['ARBDESK_PROFILE']).toMatchObject({ path: ['profile'], kind: 'enum' });
    expect(byName['ARBDESK_SERVER_PORT']).toMatchObject({ path: ['server', 'port'], kind: 'number' });
    expect(byName['ARBDESK_SERVER_HOST']).toMatchObject({ path: ['server', 'host'], kind: 'string' });
    expect(byName['ARBDESK_SERVER_OPEN_BROWSER']).toMatchObject({ kind: 'boolean' });
    expect(byName['ARBDESK_DATA_OUTLIER_ROBUST_Z']).toMatchObject({ path: ['data', 'outlierRobustZ'], kind: 'number' });
  });

  it('covers every key of the schema with a supported kind', () => {
    expect(leaves.every((leaf) => leaf.kind !== 'unsupported')).toBe(true);
    expect(leaves.length).toBeGreaterThanOrEqual(20);
  });

  it('coerces booleans and numbers and refuses garbage without echoing it', () => {
    const { overrides, issues } = readEnvOverrides(
      { ARBDESK_SERVER_OPEN_BROWSER: 'YES', ARBDESK_STORE_BUSY_TIMEOUT_MS: ' 2500 ', ARBDESK_WORKERS_POOL_SIZE: '4x', ARBDESK_DATA_IMPORT_SAMPLE_ON_FIRST_START: 'maybe' },
      leaves,
    );
    expect(overrides).toEqual([
      { path: ['server', 'openBrowser'], envName: 'ARBDESK_SERVER_OPEN_BROWSER', value: true },
      { path: ['store', 'busyTimeoutMs'], envName: 'ARBDESK_STORE_BUSY_TIMEOUT_MS', value: 2500 },
    ]);
    expect(issues.map((issue) => [issue.source, issue.message])).toEqual([
      ['ARBDESK_DATA_IMPORT_SAMPLE_ON_FIRST_START', expect.stringContaining('expected a boolean')],
      ['ARBDESK_WORKERS_POOL_SIZE', 'expected a number'],
    ]);
    expect(JSON.stringify(issues)).not.toContain('maybe');
  });

  it('does not let an override hide a file value of the wrong shape', () => {
    const merged = applyOverrides({ server: 5 }, [{ path: ['server', 'port'], envName: 'ARBDESK_SERVER_PORT', value: 1 }]);
    expect(merged).toEqual({ server: 5 });
    const created = applyOverrides({}, [{ path: ['server', 'port'], envName: 'ARBDESK_SERVER_PORT', value: 1 }]);
    expect(created).toEqual({ server: { port: 1 } });
  });
});

describe('list-valued keys', () => {
  it('reads a folder list separated like PATH', () => {
    const leaves = collectConfigLeaves(appConfigSchema);
    const { overrides, issues } = readEnvOverrides({ ARBDESK_DATA_IMPORT_FOLDERS: ['/srv/prices', ' /mnt/vendor '].join(path.delimiter) }, leaves);
    expect(issues).toEqual([]);
    expect(overrides).toEqual([{ path: ['data', 'importFolders'], envName: 'ARBDESK_DATA_IMPORT_FOLDERS', value: ['/srv/prices', '/mnt/vendor'] }]);
  });
});
