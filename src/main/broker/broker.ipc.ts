import type { Handlers } from '../ipc/handler-registry';
import type { BrokerDesk } from './broker-desk';
import type { BrokerStatusHolder } from './broker-status';

export type BrokerHandlers = Pick<
  Handlers,
  | 'broker:status'
  | 'broker:account'
  | 'broker:positions'
  | 'broker:orders'
  | 'broker:quotes'
  | 'broker:replay-start'
  | 'broker:replay-pause'
  | 'broker:replay-resume'
  | 'broker:replay-speed'
  | 'broker:replay-stop'
  | 'broker:replay-status'
  | 'broker:sessions'
  | 'broker:divergence'
  | 'broker:paper-reset'
>;

/** Thin adapters from the broker channels to the status holder and the broker service. */
export function createBrokerHandlers(status: BrokerStatusHolder, desk: BrokerDesk): BrokerHandlers {
  return {
    'broker:status': () => status.current(),
    'broker:account': () => desk.account(),
    'broker:positions': async () => [...(await desk.positions())],
    'broker:orders': async ({ all }) => [...(await desk.orders(all))],
    'broker:quotes': async ({ symbols }) => [...(await desk.quotes(symbols))],
    'broker:replay-start': (request) => desk.startReplay(request),
    'broker:replay-pause': () => desk.pauseReplay(),
    'broker:replay-resume': () => desk.resumeReplay(),
    'broker:replay-speed': ({ speed }) => desk.setReplaySpeed(speed),
    'broker:replay-stop': () => desk.stopReplay(),
    'broker:replay-status': () => desk.replayStatus(),
    'broker:sessions': ({ limit }) => [...desk.sessions(limit)],
    'broker:divergence': async ({ sessionId }) => {
      const result = await desk.divergenceReport(sessionId);
      return { ...result, pairs: [...result.pairs], report: { totals: result.report.totals, differences: [...result.report.differences] } };
    },
    // The renderer's handlers act as 'user' (audit surface ui).
    'broker:paper-reset': (request) => desk.resetPaper(request, 'user'),
  };
}
