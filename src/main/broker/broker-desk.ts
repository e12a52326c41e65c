import type { BrokerAccountSnapshot, BrokerOrder, BrokerPosition, BrokerQuote, DeskSessionSummary, PaperResetResult, ReplayStatus } from '../../shared/domain/broker';
import type { RequestPayload } from '../../shared/ipc/contract';
import type { SessionDivergence } from './divergence/divergence.service';

/** What the broker channels need of the broker service (the paper desk, paper/paper-desk.ts, implements it; unwired-desk.ts for profiles without a broker). */
export interface BrokerDesk {
  account(): Promise<BrokerAccountSnapshot>;
  positions(): Promise<readonly BrokerPosition[]>;
  orders(all: boolean): Promise<readonly BrokerOrder[]>;
  quotes(symbols: readonly string[]): Promise<readonly BrokerQuote[]>;
  startReplay(request: RequestPayload<'broker:replay-start'>): Promise<ReplayStatus>;
  pauseReplay(): ReplayStatus;
  resumeReplay(): ReplayStatus;
  setReplaySpeed(speed: number): ReplayStatus;
  stopReplay(): ReplayStatus;
  replayStatus(): ReplayStatus;
  sessions(limit: number): readonly DeskSessionSummary[];
  divergenceReport(sessionId: string): Promise<SessionDivergence>;
  resetPaper(request: RequestPayload<'broker:paper-reset'>, actor: string): PaperResetResult;
}

