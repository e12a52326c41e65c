import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { isAppError } from '../../shared/ipc/errors';
import type { Keychain } from '../secrets/keychain';

/** The keychain entry holding the token a Prometheus server presents at `/metrics`. */
export const SCRAPE_TOKEN_ACCOUNT = 'metrics:scrape-token';

export type ScrapeTokenState = { readonly enabled: true; readonly token: string } | { readonly enabled: false; readonly detail: string };

export interface ScrapeTokenSource {
  /** The token, created and stored on first use; or why the export is disabled. */
  current(): Promise<ScrapeTokenState>;
}

/**
 * The `/metrics` scrape token. Unlike the per-launch browser token it is stable, so a
 * Prometheus config written once keeps working across restarts; that makes it a credential,
 * and credentials live only in the OS keychain (audit 1.1). Without a keychain the export is
 * disabled rather than protected by something weaker. A success is cached for the process;
 * a failure is not, so unlocking the keyring later enables the export without a restart.
 */
export function createScrapeTokenSource(keychain: Pick<Keychain, 'getSecret' | 'setSecret'>, logger: Logger): ScrapeTokenSource {
  let cached: string | undefined;
  let pending: Promise<ScrapeTokenState> | undefined;

  const load = async (): Promise<ScrapeTokenState> => {
    try {
      const stored = await keychain.getSecret(SCRAPE_TOKEN_ACCOUNT);
      if (stored !== null) {
        cached = stored;
        return { enabled: true, token: stored };
      }
      const created = randomBytes(32).toString('base64url');
      await keychain.setSecret(SCRAPE_TOKEN_ACCOUNT, created);
      logger.info({ account: SCRAPE_TOKEN_ACCOUNT }, 'created the /metrics scrape token in the keychain');
      cached = created;
      return { enabled: true, token: created };
    } catch (error) {
      if (!isAppError(error) || error.code !== 'KEYCHAIN_UNAVAILABLE') throw error;
      return { enabled: false, detail: `The /metrics export is disabled because its scrape token must live in the OS keychain. ${error.message}` };
    }
  };

  return {
    current() {
      if (cached !== undefined) return Promise.resolve({ enabled: true, token: cached });
      pending ??= load().finally(() => {
        pending = undefined;
      });
      return pending;
    },
  };
}
