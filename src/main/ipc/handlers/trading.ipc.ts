import type { KillSwitch } from '../../trading/kill-switch';
import type { Handlers } from '../handler-registry';

export function createTradingHandlers(
  killSwitch: KillSwitch,
): Pick<Handlers, 'trading:state' | 'trading:halt' | 'trading:annotate-halt' | 'trading:reduce-only' | 'trading:resume'> {
  return {
    'trading:state': (context) => killSwitch.current(context),
    'trading:halt': ({ reason, scope }) => killSwitch.halt(reason ?? null, 'user', scope),
    'trading:annotate-halt': ({ reason, scope }) => killSwitch.annotateHalt(reason, 'user', scope),
    'trading:reduce-only': ({ reason, scope }) => killSwitch.reduceOnly(reason, 'user', scope),
    'trading:resume': ({ reason, scope }) => killSwitch.resume(reason, 'user', scope),
  };
}
