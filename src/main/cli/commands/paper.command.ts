import type { Command } from 'commander';
import { AppError } from '../../../shared/ipc/errors';
import { PaperBroker } from '../../broker/paper/paper-broker';
import { DEFAULT_PAPER_CASH, paperBrokerDefaults } from '../../broker/paper/paper-defaults';
import { resolveAppPaths } from '../../config/paths';
import { isProcessAlive, readInstanceLock } from '../../control/instance-lock';
import { systemClock } from '../../core/time/clock';
import { createPaperBrokerRepo } from '../../store/repos/paper-broker.repo';
import { exitCodes } from '../exit-codes';
import { withStore } from '../with-store';

interface ResetOptions {
  readonly yes?: boolean;
  readonly cash?: string;
  readonly reason?: string;
}

/**
 * `arbdesk paper reset --yes`: the paper account starts a new epoch with fresh cash, as
 * `broker:paper-reset` does in the app (same PaperBroker.reset, audited as user:cli). The
 * earlier epochs' orders and fills stay on record. Refused while an ArbDesk instance runs on
 * the data directory: its paper broker holds the account in memory and would keep trading
 * the old epoch, so the reset belongs there (Settings / broker:paper-reset).
 */
export function registerPaperCommand(program: Command): void {
  const paper = program.command('paper').description('the paper account');
  paper
    .command('reset')
    .description('start a new paper account epoch with fresh cash (earlier orders and fills stay on record); refused while orders are working')
    .option('--yes', 'confirm the reset (required)')
    .option('--cash <dollars>', `starting cash of the new epoch (default ${DEFAULT_PAPER_CASH})`)
    .option('--reason <text>', 'why, for the audit log')
    .action(async (options: ResetOptions) => {
      if (options.yes !== true) {
        process.stderr.write('arbdesk: a reset leaves the paper account\'s cash and positions behind; pass --yes to confirm. Nothing was done.\n');
        process.exitCode = exitCodes.usage;
        return;
      }
      const cash = options.cash === undefined ? DEFAULT_PAPER_CASH : Number(options.cash);
      if (!(Number.isFinite(cash) && cash > 0)) throw new AppError('BAD_REQUEST', `--cash must be a positive amount of dollars, got "${options.cash ?? ''}"`, { field: '--cash' });
      const lock = readInstanceLock(resolveAppPaths(process.env).instanceLockFile);
      if (lock !== null && isProcessAlive(lock.pid)) {
        throw new AppError('CONFLICT', `An ArbDesk instance (pid ${lock.pid}) is running on this data directory; reset the paper account from it (broker:paper-reset), not behind its back`, {
          pid: lock.pid,
        });
      }
      await withStore(async (_store, context) => {
        const trading = context.trading();
        const broker = PaperBroker.open({
          repo: createPaperBrokerRepo(trading.db),
          clock: systemClock,
          initialCash: DEFAULT_PAPER_CASH,
          ...paperBrokerDefaults(),
          quotes: { source: 'stored_bars', latest: async () => [] },
          audit: await context.audit(),
        });
        const result = broker.reset({ initialCash: cash, actor: 'user:cli', reason: options.reason ?? null });
        process.stdout.write(
          `Paper account ${result.accountId} reset: epoch ${result.before.epoch} → ${result.after.epoch}, cash $${result.after.cash.toFixed(2)} ` +
            `(epoch ${result.before.epoch} ended with equity $${result.before.equity.toFixed(2)}, ${result.before.openPositions} open positions, ${result.before.orders} orders; its records stay).\n`,
        );
      });
    });
}
