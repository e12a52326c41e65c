import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { Profile } from '../../shared/domain/system';
import { isAppError } from '../../shared/ipc/errors';
import type { CapabilityModule } from '../app/capability-module';
import type { AuditService } from '../audit/audit.service';
import type { Clock } from '../core/time/clock';
import type { MarketDataService } from '../data/market-data.service';
import type { EventBus } from '../events/event-bus';
import type { BrokerDesk } from './broker-desk';
import type { BrokerStatusHolder } from './broker-status';
import { createBrokerHandlers, type BrokerHandlers } from './broker.ipc';
import { PaperDesk } from './paper/paper-desk';
import type { ReplayTimer } from './quotes/market-replay';
import { unwiredBrokerDesk } from './unwired-desk';

export interface BrokerModuleDeps {
  readonly profile: Profile;
  readonly status: BrokerStatusHolder;
  readonly tradingDb: Database.Database;
  readonly events: EventBus;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly marketData: MarketDataService;
  readonly timer?: ReplayTimer;
  /** The one audit chain: the paper broker audits every order event into it. */
  readonly audit?: AuditService;
}

export interface BrokerModule extends CapabilityModule<keyof BrokerHandlers> {
  /** What the broker channels serve (the paper desk, or a refusal where no broker is wired). */
  readonly desk: BrokerDesk;
  /** The paper desk in the paper profile (engine loop, blotter, risk use it); null otherwise. */
  readonly paper: PaperDesk | null;
}

/**
 * The broker area: the Broker port's adapter for the profile (the paper broker in paper; the
 * Schwab adapter comes next for live), its quote feeds, market replay, session recording and
 * divergence report, and their channels.
 */
export function createBrokerModule(deps: BrokerModuleDeps): BrokerModule {
  const paper =
    deps.profile === 'paper'
      ? new PaperDesk({
          tradingDb: deps.tradingDb,
          events: deps.events,
          status: deps.status,
          clock: deps.clock,
          logger: deps.logger,
          ...(deps.timer === undefined ? {} : { timer: deps.timer }),
          ...(deps.audit === undefined ? {} : { audit: deps.audit }),
          // Stored basis: the paper broker prices what the store holds (priceBasis is the identity).
          loadBars: async (symbol, range) => {
            try {
              const series = await deps.marketData.series({ symbol, range });
              return series.days.length === 0 ? undefined : series;
            } catch (error) {
              // A symbol with no stored bars is left out of quotes and replays, not an error.
              if (isAppError(error) && error.code === 'NOT_FOUND') return undefined;
              throw error;
            }
          },
          listSymbols: async () => (await deps.marketData.instruments()).filter((instrument) => instrument.lastDay !== null).map((instrument) => instrument.symbol),
        })
      : null;
  const desk = paper ?? unwiredBrokerDesk(deps.profile);
  return {
    name: 'broker',
    desk,
    paper,
    handlers: createBrokerHandlers(deps.status, desk),
    async start() {},
    async stop() {
      paper?.dispose();
    },
  };
}
