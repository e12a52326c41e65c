import type { Command } from 'commander';
import { DivergenceService, type SessionDivergence } from '../../broker/divergence/divergence.service';
import type { Difference } from '../../broker/divergence/divergence-report';
import { SessionRecorder } from '../../broker/recording/session-recorder';
import { systemClock } from '../../core/time/clock';
import { formatIsoDate } from '../../core/time/epoch-day';
import type { OhlcvColumns } from '../../core/market/series';
import { createDeskSessionsRepo } from '../../store/repos/desk-sessions.repo';
import { withMarketData } from '../with-market-data';

const money = (value: number): string => (value < 0 ? `-$${(-value).toFixed(2)}` : `$${value.toFixed(2)}`);

function describe(item: Difference): string {
  switch (item.kind) {
    case 'missed_signal':
    case 'extra_signal':
      return `${item.kind === 'missed_signal' ? 'missed signal' : 'extra signal '}  ${item.pairId} decided ${formatIsoDate(item.day)} (${item.sides})`;
    case 'fill_price':
      return `fill price     ${item.key} ${item.symbol} ${item.side} ${item.quantity} @ ${item.recordedPrice} vs modelled ${item.modelledPrice}: ${money(item.dollars)}`;
    case 'quantity':
      return `quantity       ${item.key} ${item.symbol}: ${item.recorded} filled vs modelled ${item.modelled}`;
    case 'cost':
      return `cost           ${item.key} ${item.symbol}: ${money(item.recorded)} vs modelled ${money(item.modelled)} (${money(item.dollars)}: ${Object.entries(item.byKind)
        .filter(([, amount]) => amount !== 0)
        .map(([kind, amount]) => `${kind} ${money(amount)}`)
        .join(', ')})`;
    case 'timing':
      return `timing         ${item.key} ${item.symbol}: first fill ${formatIsoDate(item.recordedDay)} vs modelled ${formatIsoDate(item.modelledDay)} (${item.days > 0 ? '+' : ''}${item.days} days)`;
    case 'missing_fill':
    case 'extra_fill':
      return `${item.kind === 'missing_fill' ? 'missing fill ' : 'extra fill   '}  ${item.key} ${item.symbol} ${item.quantity} @ ${item.price}`;
  }
}

function render(result: SessionDivergence): string {
  const { totals } = result.report;
  const lines = [
    `Session ${result.sessionId} (${result.mode}) ${result.from} → ${result.to}, pairs ${result.pairs.join(', ')}`,
    `${result.recordedDecisions} recorded decisions, ${result.recordedFills} recorded fills, ${result.modelledFills} modelled fills`,
    ...result.report.differences.map((item) => `  ${describe(item)}`),
    `Totals: ${totals.missedSignals} missed and ${totals.extraSignals} extra signals; ${totals.fillsCompared} fills compared: ` +
      `${totals.priceDifferences} price (${money(totals.priceDollars)}), ${totals.costDifferences} cost (${money(totals.costDollars)}), ` +
      `${totals.quantityDifferences} quantity, ${totals.timingDifferences} timing; ${totals.missingFills} missing and ${totals.extraFills} extra fills`,
  ];
  return `${lines.join('\n')}\n`;
}

export function registerDivergenceCommand(program: Command): void {
  program
    .command('divergence')
    .description('replay a recorded paper/live session through the backtester on the same data and list every difference, with totals')
    .requiredOption('--session <id>', 'the recorded session id (e.g. paper-1733050000000)')
    .option('--json', 'print the report as JSON')
    .action(async (options: { session: string; json?: boolean }) => {
      await withMarketData(async (service, _store, context) => {
        const recorder = new SessionRecorder(createDeskSessionsRepo(context.trading().db), systemClock);
        const divergence = new DivergenceService(recorder, async (symbols, toDay) => {
          const bars = new Map<string, OhlcvColumns>();
          for (const symbol of symbols) bars.set(symbol, await service.series({ symbol, range: { to: toDay } }));
          return bars;
        });
        const result = await divergence.report(options.session);
        process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : render(result));
      });
    });
}
