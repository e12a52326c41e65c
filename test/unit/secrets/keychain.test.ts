import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LogRoot, createLogRoot } from '../../../src/main/logging/create-logger';
import { scrubText } from '../../../src/main/logging/redact';
import { createKeychain, noKeychainAdvice } from '../../../src/main/secrets/keychain';
import type { KeychainBackend } from '../../../src/main/secrets/keychain-backend';
import { makeTempHome } from '../../helpers/temp-home';
import { rejectionOf } from '../../helpers/app-error';

/** An in-memory stand-in for the OS credential store, the one external boundary here. */
class MemoryBackend implements KeychainBackend {
  readonly entries = new Map<string, string>();
  failNext: Error | undefined;
  corruptReads = false;

  private takeFailure(): void {
    const failure = this.failNext;
    this.failNext = undefined;
    if (failure) throw failure;
  }
  async getPassword(service: string, account: string): Promise<string | null> {
    this.takeFailure();
    const value = this.entries.get(`${service}/${account}`) ?? null;
    return this.corruptReads && value !== null ? `${value}-corrupt` : value;
  }
  async setPassword(service: string, account: string, password: string): Promise<void> {
    this.takeFailure();
    this.entries.set(`${service}/${account}`, password);
  }
  async deletePassword(service: string, account: string): Promise<boolean> {
    this.takeFailure();
    return this.entries.delete(`${service}/${account}`);
  }
}

describe('keychain', () => {
  let dir = '';
  let cleanup = (): void => {};
  let root: LogRoot;
  beforeEach(() => {
    ({ dir, cleanup } = makeTempHome());
    root = createLogRoot({ logDir: path.join(dir, 'logs'), level: 'debug', maxFileBytes: 1024 * 1024, maxFiles: 2, maxAgeDays: 7, tailSize: 50 });
  });
  afterEach(async () => {
    await root.close();
    cleanup();
  });

  const logText = async (): Promise<string> => {
    await root.flush();
    return readFileSync(path.join(dir, 'logs', 'arbdesk.log'), 'utf8');
  };

  it('stores, reads and deletes through the backend, leaving no probe entry behind', async () => {
    const backend = new MemoryBackend();
    const keychain = createKeychain({ logger: root.child('secrets'), loadBackend: async () => backend });
    expect(await keychain.status()).toEqual({ available: true, detail: expect.stringContaining('service "ArbDesk"') });
    expect([...backend.entries.keys()]).toEqual([]);

    await keychain.setSecret('schwab:app-secret', 'value-one-abcdef');
    expect(backend.entries.get('ArbDesk/schwab:app-secret')).toBe('value-one-abcdef');
    expect(await keychain.getSecret('schwab:app-secret')).toBe('value-one-abcdef');
    expect(await keychain.getSecret('schwab:absent')).toBeNull();
    expect(await keychain.deleteSecret('schwab:app-secret')).toBe(true);
    expect(await keychain.deleteSecret('schwab:app-secret')).toBe(false);
    expect(await logText()).not.toContain('value-one-abcdef');
  });

  it('registers every value it reads or writes with the log scrubber', async () => {
    const backend = new MemoryBackend();
    backend.entries.set('ArbDesk/reddit:token', 'pre-existing-value-xyz');
    const keychain = createKeychain({ logger: root.child('secrets'), loadBackend: async () => backend });
    await keychain.setSecret('schwab:refresh-token', 'written-value-123');
    await keychain.getSecret('reddit:token');
    expect(scrubText('a written-value-123 b pre-existing-value-xyz')).toBe('a [REDACTED] b [REDACTED]');
    root.child('other').info({ note: 'leaked written-value-123 and pre-existing-value-xyz' }, 'careless');
    const text = await logText();
    expect(text).not.toContain('written-value-123');
    expect(text).not.toContain('pre-existing-value-xyz');
  });

  it('reports a keytar that cannot load as unavailable, refuses writes, and retries the load later', async () => {
    let loads = 0;
    const backend = new MemoryBackend();
    const keychain = createKeychain({
      logger: root.child('secrets'),
      loadBackend: async () => {
        loads++;
        if (loads === 1) throw new Error('Cannot find module keytar.node');
        return backend;
      },
    });
    const first = await keychain.status();
    expect(first.available).toBe(false);
    expect(first.detail).toContain(noKeychainAdvice());
    expect(first.detail).toContain('keytar) could not be loaded: Cannot find module keytar.node');
    expect((await keychain.status()).available).toBe(true);
    expect(loads).toBe(2);
  });

  it('is unavailable when a probe value does not read back', async () => {
    const backend = new MemoryBackend();
    backend.corruptReads = true;
    const keychain = createKeychain({ logger: root.child('secrets'), loadBackend: async () => backend });
    await expect(keychain.setSecret('x:y', 'some-value-1234')).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    expect(backend.entries.size).toBe(0);
  });

  it('is unavailable when the probe never answers, e.g. behind an unlock prompt', async () => {
    const hanging: KeychainBackend = {
      getPassword: () => new Promise(() => {}),
      setPassword: () => new Promise(() => {}),
      deletePassword: () => new Promise(() => {}),
    };
    const keychain = createKeychain({ logger: root.child('secrets'), loadBackend: async () => hanging, probeTimeoutMs: 20 });
    const status = await keychain.status();
    expect(status.available).toBe(false);
    expect(status.detail).toContain('did not answer');
  });

  it('wraps a failing operation as KEYCHAIN_UNAVAILABLE without the value, then probes again', async () => {
    const backend = new MemoryBackend();
    const keychain = createKeychain({ logger: root.child('secrets'), loadBackend: async () => backend });
    expect((await keychain.status()).available).toBe(true);
    backend.failNext = new Error('Cannot create an item in a locked collection');
    const error = await rejectionOf(keychain.setSecret('schwab:app-key', 'failing-value-987'));
    expect(error).toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE', details: { account: 'schwab:app-key', operation: 'store' } });
    expect(error.message).toContain('locked collection');
    expect(JSON.stringify(error)).not.toContain('failing-value-987');
    expect(error.message).not.toContain('failing-value-987');
    expect(await logText()).not.toContain('failing-value-987');
    expect((await keychain.status()).available).toBe(true);
  });

  it('validates account names and values without echoing them', async () => {
    const backend = new MemoryBackend();
    const keychain = createKeychain({ logger: root.child('secrets'), loadBackend: async () => backend });
    for (const account of ['', 'Upper:Case', 'has space', 'slash/name', 'a'.repeat(129), 'tok=hunter2!']) {
      const error = await rejectionOf(keychain.setSecret(account, 'valid-value-1'));
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'account' } });
      if (account.length > 0) expect(error.message).not.toContain(account);
    }
    await expect(keychain.setSecret('ok:name', '')).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'value' } });
    expect(backend.entries.size).toBe(0);
  });
});
