import type { ReplayStatus } from '../../shared/domain/broker';
import { AppError } from '../../shared/ipc/errors';
import type { BrokerDesk } from './broker-desk';

/**
 * The broker desk of a profile that wires no broker (backtest): every account or order
 * request says so by name, and replay status reads idle, so the UI can render either way.
 */
export function unwiredBrokerDesk(profile: string): BrokerDesk {
  const refuse = (what: string): never => {
    throw new AppError('UNAVAILABLE', `No broker is wired in the ${profile} profile (asked for ${what}); switch to the paper profile`, { profile, request: what });
  };
  const idle: ReplayStatus = { state: 'idle', speed: 1, from: null, to: null, current: null, played: 0, total: 0, sessionId: null, revision: 0 };
  return {
    account: async () => refuse('broker:account'),
    positions: async () => refuse('broker:positions'),
    orders: async () => refuse('broker:orders'),
    quotes: async () => refuse('broker:quotes'),
    startReplay: async () => refuse('broker:replay-start'),
    pauseReplay: () => refuse('broker:replay-pause'),
    resumeReplay: () => refuse('broker:replay-resume'),
    setReplaySpeed: () => refuse('broker:replay-speed'),
    stopReplay: () => refuse('broker:replay-stop'),
    replayStatus: () => idle,
    sessions: () => refuse('broker:sessions'),
    divergenceReport: async () => refuse('broker:divergence'),
    resetPaper: () => refuse('broker:paper-reset'),
  };
}
