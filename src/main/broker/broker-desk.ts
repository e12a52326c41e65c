import type { BrokerAccountSnapshot, BrokerOrder, BrokerPosition, BrokerQuote, ReplayStatus } from '../../shared/domain/broker';
import type { RequestPayload } from '../../shared/ipc/contract';

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
}

