import type { BrokerConnection, BrokerStatus } from '../../shared/domain/broker';
import type { Profile } from '../../shared/domain/system';
import type { EventBus } from '../events/event-bus';

/** Which adapter a profile wires: backtests need none, live talks to Schwab, paper to the paper broker. */
export function brokerForProfile(profile: Profile): BrokerStatus['broker'] {
  switch (profile) {
    case 'backtest':
      return 'none';
    case 'live':
      return 'schwab';
    case 'paper':
      return 'paper';
  }
}

/**
 * The broker side's connection state, held apart from the trading state: a lost link is not
 * a halt (the risk engine decides what it means). Adapters call `set`; the UI reads
 * `broker:status` and its pushes.
 */
export class BrokerStatusHolder {
  private status: BrokerStatus;

  constructor(
    profile: Profile,
    private readonly events: EventBus,
    private readonly now: () => number,
  ) {
    const broker = brokerForProfile(profile);
    this.status = { broker, connection: broker === 'none' ? 'none' : 'disconnected', since: now(), detail: null, revision: 0 };
  }

  current(): BrokerStatus {
    return this.status;
  }

  set(connection: BrokerConnection, detail: string | null = null): BrokerStatus {
    if (connection === this.status.connection && detail === this.status.detail) return this.status;
    this.status = { ...this.status, connection, detail, since: this.now(), revision: this.status.revision + 1 };
    this.events.publish('broker:status', this.status);
    return this.status;
  }
}
