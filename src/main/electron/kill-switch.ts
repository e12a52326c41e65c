import { dialog } from 'electron';
import type { Logger } from 'pino';

/** The keys that halt trading, from the menu and as a global shortcut. */
export const KILL_SWITCH_ACCELERATOR = 'CommandOrControl+Shift+K';

export type KillSwitchSource = 'menu' | 'global-shortcut';

export interface KillSwitchOptions {
  /** AppCore.haltTrading: idempotent, so two presses (menu and shortcut) are harmless. */
  readonly haltTrading: (reason: string, actor: string) => Promise<void>;
  readonly logger: Logger;
}

const REASONS: Readonly<Record<KillSwitchSource, string>> = {
  menu: 'Kill switch (application menu)',
  'global-shortcut': 'Kill switch (global shortcut)',
};

/**
 * The native kill switch. A failed halt is the worst moment to be quiet, so it is logged
 * at fatal level and put in front of the user in a modal box, never just a log line.
 */
export function createKillSwitch(options: KillSwitchOptions): (source: KillSwitchSource) => Promise<void> {
  const { haltTrading, logger } = options;
  return async function engageKillSwitch(source: KillSwitchSource): Promise<void> {
    logger.warn({ source }, 'kill switch engaged');
    try {
      await haltTrading(REASONS[source], 'user');
    } catch (error) {
      logger.fatal({ err: error, source }, 'the kill switch failed to halt trading');
      dialog.showErrorBox(
        'Trading could NOT be halted',
        `The kill switch failed: ${error instanceof Error ? error.message : String(error)}\n\n` +
          'Check open orders at the broker directly and close ArbDesk if in doubt.',
      );
    }
  };
}
