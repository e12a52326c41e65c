import type { BrokerQuote } from '../../../shared/domain/broker';
import type { OhlcvColumns } from '../../core/market/series';
import type { EpochDay } from '../../core/time/epoch-day';
import { exchangeInstant } from '../market-hours';

/**
 * Where the desk's quotes come from: the latest stored bars (StoredBarsFeed), the market
 * replay's current session (market-replay.ts), later a live broker's stream. Symbols the feed
 * does not know are left out of the answer.
 */
export interface QuoteFeed {
  readonly source: BrokerQuote['source'];
  latest(symbols: readonly string[]): Promise<readonly BrokerQuote[]>;
}

/** Reads one symbol's stored daily bars (the data area's series on the stored basis). */
export type StoredBarsReader = (symbol: string) => Promise<OhlcvColumns | undefined>;

/** A daily bar as a quote: `last` is the close, timed at that session's close (16:00 New York). */
export function barQuote(symbol: string, day: EpochDay, bar: { open: number; high: number; low: number; close: number; volume: number }, source: BrokerQuote['source']): BrokerQuote {
  return {
    symbol,
    time: exchangeInstant(day, 16, 0),
    day,
    bid: null,
    ask: null,
    last: bar.close,
    open: bar.open,
    high: bar.high,
    low: bar.low,
    close: bar.close,
    volume: bar.volume,
    source,
  };
}

/** The latest stored bar of each symbol as its quote (the paper desk's feed outside a replay). */
export class StoredBarsFeed implements QuoteFeed {
  readonly source = 'stored_bars' as const;

  constructor(private readonly read: StoredBarsReader) {}

  async latest(symbols: readonly string[]): Promise<readonly BrokerQuote[]> {
    const quotes: BrokerQuote[] = [];
    for (const symbol of symbols) {
      const bars = await this.read(symbol);
      const last = bars === undefined ? -1 : bars.days.length - 1;
      if (bars === undefined || last < 0) continue;
      quotes.push(
        barQuote(
          symbol,
          bars.days[last] as number,
          { open: bars.open[last] as number, high: bars.high[last] as number, low: bars.low[last] as number, close: bars.close[last] as number, volume: bars.volume[last] as number },
          this.source,
        ),
      );
    }
    return quotes;
  }
}
