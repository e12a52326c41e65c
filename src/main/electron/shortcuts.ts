import { globalShortcut } from 'electron';
import type { Logger } from 'pino';
import { KILL_SWITCH_ACCELERATOR, type KillSwitchSource } from './kill-switch';

/**
 * Registers the kill switch as a system-wide shortcut, so it works while another
 * application (a broker's site, a chart) has focus. Returns the function that removes it;
 * call that on 'will-quit', as global shortcuts outlive windows.
 */
export function registerKillSwitchShortcut(
  engage: (source: KillSwitchSource) => Promise<void>,
  logger: Logger,
): () => void {
  const registered = globalShortcut.register(KILL_SWITCH_ACCELERATOR, () => {
    void engage('global-shortcut');
  });
  if (!registered) {
    // Another application owns the keys; the menu accelerator still works while ArbDesk has focus.
    logger.warn({ accelerator: KILL_SWITCH_ACCELERATOR }, 'could not register the global kill-switch shortcut');
    return () => undefined;
  }
  logger.info({ accelerator: KILL_SWITCH_ACCELERATOR }, 'registered the global kill-switch shortcut');
  return () => globalShortcut.unregister(KILL_SWITCH_ACCELERATOR);
}
