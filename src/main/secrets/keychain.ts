import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { AppError } from '../../shared/ipc/errors';
import { registerSecret, scrubText } from '../logging/redact';
import { type KeychainBackend, loadKeytarBackend } from './keychain-backend';

export interface KeychainStatus {
  readonly available: boolean;
  readonly detail: string;
}

/**
 * The only way ArbDesk stores credentials (audit 1.1). There is no plaintext or file fallback:
 * when the OS keychain cannot be used, writes fail with KEYCHAIN_UNAVAILABLE and the user is
 * told how to get one. Values never appear in errors or logs, and every value read or written
 * is registered with the log scrubber.
 */
export interface Keychain {
  /** Whether the OS keychain works, proven by a real write, read and delete of a probe entry. */
  status(): Promise<KeychainStatus>;
  /** The stored value, or null when there is none. */
  getSecret(account: string): Promise<string | null>;
  setSecret(account: string, value: string): Promise<void>;
  /** True when an entry existed and was removed. */
  deleteSecret(account: string): Promise<boolean>;
}

export interface KeychainOptions {
  readonly logger: Logger;
  /** The keychain "service" every entry is filed under. */
  readonly serviceName?: string;
  /** Replaces keytar; for tests of behaviour around the OS boundary. */
  readonly loadBackend?: () => Promise<KeychainBackend>;
  /**
   * How long the availability probe may take. A locked keyring can show an unlock prompt and
   * wait for the user; past this, the keychain is reported unavailable and probed again later.
   */
  readonly probeTimeoutMs?: number;
}

const accountPattern = /^[a-z0-9:._-]{1,128}$/;
const maxSecretLength = 16 * 1024;
const probeAccount = 'arbdesk:keychain-probe';

type Operation = 'read' | 'store' | 'delete';

export function createKeychain({
  logger,
  serviceName = 'ArbDesk',
  loadBackend = loadKeytarBackend,
  probeTimeoutMs = 30_000,
}: KeychainOptions): Keychain {
  let backendPromise: Promise<KeychainBackend> | undefined;
  let confirmed: { status: KeychainStatus; backend: KeychainBackend } | undefined;
  let probing: Promise<KeychainStatus> | undefined;

  const backend = (): Promise<KeychainBackend> => {
    // A failed load is not cached: the next call retries, e.g. after the user fixes an install.
    backendPromise ??= loadBackend().catch((error: unknown) => {
      backendPromise = undefined;
      throw error;
    });
    return backendPromise;
  };

  const probe = async (): Promise<KeychainStatus> => {
    let store: KeychainBackend;
    try {
      store = await backend();
    } catch (error) {
      return unavailable(logger, `${noKeychainAdvice()} The keychain module (keytar) could not be loaded: ${reasonOf(error)}`);
    }
    const token = randomBytes(16).toString('hex');
    try {
      await withTimeout(
        (async () => {
          await store.setPassword(serviceName, probeAccount, token);
          const readBack = await store.getPassword(serviceName, probeAccount);
          await store.deletePassword(serviceName, probeAccount);
          if (readBack !== token) throw new Error('a value written to the keychain did not read back');
        })(),
        probeTimeoutMs,
        `the keychain did not answer within ${Math.round(probeTimeoutMs / 1000)} s (is it locked, with an unlock prompt waiting?)`,
      );
    } catch (error) {
      return unavailable(logger, `${noKeychainAdvice()} (${reasonOf(error)})`);
    }
    const status = { available: true, detail: `${platformKeychainName()} is available (service "${serviceName}")` };
    confirmed = { status, backend: store };
    logger.info({ service: serviceName }, 'keychain available');
    return status;
  };

  const status = (): Promise<KeychainStatus> => {
    if (confirmed !== undefined) return Promise.resolve(confirmed.status);
    probing ??= probe().finally(() => {
      probing = undefined;
    });
    return probing;
  };

  /** A working backend, or KEYCHAIN_UNAVAILABLE with the reason and what to do. */
  const requireBackend = async (operation: Operation, account: string): Promise<KeychainBackend> => {
    const current = await status();
    if (!current.available || confirmed === undefined) {
      throw new AppError('KEYCHAIN_UNAVAILABLE', `Cannot ${operation} the secret "${account}": ${current.detail}`, { account, operation });
    }
    return confirmed.backend;
  };

  const run = async <T>(operation: Operation, account: string, call: (store: KeychainBackend) => Promise<T>): Promise<T> => {
    const store = await requireBackend(operation, account);
    try {
      return await call(store);
    } catch (error) {
      // It worked before, so this may be a keyring locked since; probe again next time.
      confirmed = undefined;
      const reason = reasonOf(error);
      logger.warn({ account, operation, reason }, 'keychain operation failed');
      throw new AppError('KEYCHAIN_UNAVAILABLE', `The OS keychain could not ${operation} the secret "${account}": ${reason}`, { account, operation }, { cause: error });
    }
  };

  return {
    status,

    async getSecret(account: string): Promise<string | null> {
      validateAccount(account);
      const value = await run('read', account, (store) => store.getPassword(serviceName, account));
      if (value !== null) registerSecret(value);
      logger.debug({ account, found: value !== null }, 'keychain read');
      return value;
    },

    async setSecret(account: string, value: string): Promise<void> {
      validateAccount(account);
      validateSecretValue(account, value);
      // Registered first, so nothing logged from here on, failures included, can show it.
      registerSecret(value);
      await run('store', account, (store) => store.setPassword(serviceName, account, value));
      logger.info({ account }, 'keychain secret stored');
    },

    async deleteSecret(account: string): Promise<boolean> {
      validateAccount(account);
      const existed = await run('delete', account, (store) => store.deletePassword(serviceName, account));
      logger.info({ account, existed }, 'keychain secret deleted');
      return existed;
    },
  };
}

/** Account names are identifiers such as `schwab:refresh-token`, never user data. */
export function validateAccount(account: string): void {
  if (typeof account !== 'string' || !accountPattern.test(account)) {
    throw new AppError(
      'VALIDATION_FAILED',
      "A keychain account name must be 1 to 128 characters of lower-case letters, digits, ':', '.', '_' or '-'",
      { field: 'account', length: typeof account === 'string' ? account.length : null },
    );
  }
}

function validateSecretValue(account: string, value: string): void {
  if (typeof value !== 'string' || value.length === 0 || value.length > maxSecretLength) {
    throw new AppError('VALIDATION_FAILED', `The secret for "${account}" must be a non-empty string of at most ${maxSecretLength} characters`, {
      field: 'value',
      account,
    });
  }
}

function unavailable(logger: Logger, detail: string): KeychainStatus {
  logger.warn({ detail }, 'keychain unavailable');
  return { available: false, detail };
}

function platformKeychainName(): string {
  switch (process.platform) {
    case 'darwin':
      return 'The macOS Keychain';
    case 'win32':
      return 'Windows Credential Manager';
    default:
      return 'The Secret Service keyring';
  }
}

/** What the user should do, per platform. ArbDesk will not store credentials anywhere else. */
export function noKeychainAdvice(platform: NodeJS.Platform = process.platform): string {
  switch (platform) {
    case 'darwin':
      return 'No OS keychain is available: the macOS login keychain could not be used; unlock it in Keychain Access and try again.';
    case 'win32':
      return 'No OS keychain is available: Windows Credential Manager could not be used; check that the Credential Manager service is running.';
    default:
      return (
        'No OS keychain is available: on Linux install and unlock gnome-keyring or another Secret Service provider ' +
        '(KeePassXC, or KWallet with its Secret Service bridge) in a desktop session with D-Bus. ' +
        'ArbDesk never stores credentials in a file instead.'
      );
  }
}

/** An error's message with any registered secret removed; keytar's own messages hold none. */
function reasonOf(error: unknown): string {
  return scrubText(error instanceof Error ? error.message : String(error));
}

function withTimeout<T>(work: Promise<T>, timeoutMs: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), timeoutMs);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
