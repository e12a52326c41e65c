import type { Handlers } from '../ipc/handler-registry';
import type { StrategyRunner } from './strategy-runner';

export type StrategyChannel = 'desk:strategy-start' | 'desk:strategy-stop' | 'desk:strategies';

/** The desk's strategy channels: one runner call each (the user is the actor; start and stop are audited). */
export function createStrategyHandlers(runner: () => StrategyRunner, list: () => ReturnType<StrategyRunner['list']>): Pick<Handlers, StrategyChannel> {
  return {
    'desk:strategy-start': (request) => runner().start(request, 'user'),
    'desk:strategy-stop': ({ pairs, reason }) => runner().stop(pairs, 'user', reason ?? null),
    'desk:strategies': () => list(),
  };
}
