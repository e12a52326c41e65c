import type { KillSwitch } from '../../trading/kill-switch';
import type { Handlers } from '../handler-registry';

export function createTradingHandlers(killSwitch: KillSwitch): Pick<Handlers, 'trading:state' | 'trading:halt' | 'trading:resume'> {
  return {
    'trading:state': () => killSwitch.current(),
    'trading:halt': ({ reason }) => killSwitch.halt(reason, 'user'),
    'trading:resume': ({ reason }) => killSwitch.resume(reason, 'user'),
  };
}
