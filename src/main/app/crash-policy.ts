import type { Logger } from 'pino';

/** EX_SOFTWARE: an internal software error (sysexits), the same status the CLI uses for a bug. */
export const CRASH_EXIT_CODE = 70;

/** What the policy needs from the running app; AppCore provides all of it. */
export interface CrashTarget {
  readonly logger: Logger;
  haltTrading(reason: string, actor: string): Promise<void>;
  /** Resolves once every line logged so far is on disk. */
  flushLogs(): Promise<void>;
}

export interface CrashPolicyOptions {
  /** How the process ends: process.exit for the CLI, app.exit for Electron. */
  readonly exit: (code: number) => void;
  /** Where the handlers are installed; the real process unless a test passes an emitter. */
  readonly process?: Pick<NodeJS.Process, 'on' | 'off'>;
  /** Past this the process exits even if halting or flushing hangs (a stuck lock, a dead disk). */
  readonly deadlineMs?: number;
}

export const CRASH_ACTOR = 'system:crash-policy';

type CrashOrigin = 'uncaughtException' | 'unhandledRejection';

/**
 * What main does when something escapes every handler (audit 9.1). After an uncaught
 * exception the process is in an unknown state, so it must not keep trading: it logs a fatal
 * entry, persists HALTED (so the next start comes up halted and a human decides), flushes the
 * log and exits with status 70. Serve and Electron install the same policy once the core is up.
 *
 * Returns the function that uninstalls the handlers (used on a clean shutdown and in tests).
 */
export function installCrashPolicy(target: CrashTarget, options: CrashPolicyOptions): () => void {
  const host = options.process ?? process;
  const deadlineMs = options.deadlineMs ?? 5_000;
  let crashing = false;

  const crash = (origin: CrashOrigin, error: unknown): void => {
    if (crashing) {
      // Already on the way out; a second failure (often caused by the first) is only recorded.
      target.logger.fatal({ err: error, origin }, 'another uncaught failure while shutting down after a crash');
      return;
    }
    crashing = true;
    target.logger.fatal({ err: error, origin }, `uncaught failure (${origin}); halting trading and exiting`);
    const deadline = setTimeout(() => options.exit(CRASH_EXIT_CODE), deadlineMs);
    void haltThenExit(error).finally(() => {
      clearTimeout(deadline);
      options.exit(CRASH_EXIT_CODE);
    });
  };

  async function haltThenExit(error: unknown): Promise<void> {
    const detail = error instanceof Error ? error.message : String(error);
    try {
      await target.haltTrading(`main process crashed: ${detail.slice(0, 200)}`, CRASH_ACTOR);
    } catch (haltError) {
      target.logger.fatal({ err: haltError }, 'could not persist the halt after a crash; the next start must be checked by hand');
    }
    try {
      await target.flushLogs();
    } catch (flushError) {
      // Nothing left to log to reliably; stderr is the last resort.
      process.stderr.write(`arbdesk: could not flush the log after a crash: ${String(flushError)}\n`);
    }
  }

  const onException = (error: unknown): void => crash('uncaughtException', error);
  const onRejection = (reason: unknown): void => crash('unhandledRejection', reason);
  host.on('uncaughtException', onException);
  host.on('unhandledRejection', onRejection);
  return () => {
    host.off('uncaughtException', onException);
    host.off('unhandledRejection', onRejection);
  };
}
