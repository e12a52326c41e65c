import type { Command } from 'commander';
import { conflictStatusSchema } from '../../../shared/domain/market-data';
import { parseSymbol } from '../../../shared/domain/symbol';
import { AppError } from '../../../shared/ipc/errors';
import { formatIsoDate } from '../../core/time/epoch-day';
import { withMarketData } from '../with-market-data';

function symbolArgument(raw: string): string {
  const parsed = parseSymbol(raw);
  if (!parsed.ok) throw new AppError('BAD_REQUEST', `Invalid symbol "${raw}": ${parsed.reason}.`, { field: 'symbol' });
  return parsed.symbol;
}

function factorText(factor: number | null): string {
  return factor === null ? 'no single factor' : `×${Math.round(factor * 10_000) / 10_000}`;
}

/** `arbdesk data conflicts list|resolve`: the Data page's conflict panel, from the terminal. */
export function registerConflictsCommand(data: Command): void {
  const conflicts = data.command('conflicts').description('bars held because they disagree with another source');

  conflicts
    .command('list')
    .description('list held conflicts (one line per import and symbol) with the factor and classification')
    .argument('[symbol]', 'one symbol (default: all)')
    .option('--status <status>', 'held, kept, taken or superseded (default: held)', 'held')
    .option('--json', 'print as JSON')
    .action(async (symbol: string | undefined, options: { status: string; json?: boolean }) => {
      const status = conflictStatusSchema.safeParse(options.status);
      if (!status.success) throw new AppError('BAD_REQUEST', `--status must be held, kept, taken or superseded, not "${options.status}".`);
      await withMarketData((service) => {
        const views = service.conflictList({ status: status.data, ...(symbol === undefined ? {} : { symbol: symbolArgument(symbol) }) });
        if (options.json) {
          process.stdout.write(`${JSON.stringify(views, null, 2)}\n`);
          return;
        }
        for (const { record, sample } of views) {
          process.stdout.write(
            `${record.symbol}\tdataset ${record.datasetId} (${record.source} v${record.version})\t${record.status}\t${record.classification}\t` +
              `${factorText(record.factor)}\t${record.differingDays}/${record.overlapDays} overlapping days differ\t${record.barCount} bars held\t` +
              `${formatIsoDate(record.firstDay)}..${formatIsoDate(record.lastDay)}\n`,
          );
          process.stdout.write(`  ${record.detail}\n`);
          for (const bar of sample) {
            if (bar.existing === null) continue;
            process.stdout.write(`  ${formatIsoDate(bar.day)}\tstored close ${bar.existing.close}\tincoming close ${bar.incoming.close}\n`);
          }
        }
        process.stderr.write(`${views.length} conflicts.\n`);
      });
    });

  conflicts
    .command('resolve')
    .description("resolve a symbol's held conflict: keep the stored series or take the held bars (a new dataset version, audited)")
    .argument('<symbol>')
    .option('--keep', 'keep the stored series (every held import of the symbol)')
    .option('--take', 'take the held bars: they replace the stored ones where they overlap and fill the rest')
    .option('--dataset <id>', 'which import to resolve, when several hold bars for the symbol')
    .action(async (symbol: string, options: { keep?: boolean; take?: boolean; dataset?: string }) => {
      if (options.keep === options.take) throw new AppError('BAD_REQUEST', 'Give exactly one of --keep or --take.');
      const datasetId = options.dataset === undefined ? undefined : Number(options.dataset);
      if (datasetId !== undefined && !(Number.isInteger(datasetId) && datasetId > 0)) {
        throw new AppError('BAD_REQUEST', `--dataset must be a dataset id, not "${options.dataset ?? ''}".`);
      }
      await withMarketData(async (service) => {
        const result = await service.resolveConflict(
          { symbol: symbolArgument(symbol), choice: options.take === true ? 'take' : 'keep', ...(datasetId === undefined ? {} : { datasetId }) },
          'user:cli',
        );
        for (const { held, dataset } of result.resolutions) {
          process.stdout.write(
            `${result.choice === 'take' ? 'Took' : 'Kept'} ${result.symbol} for dataset ${held.datasetId}: new version ${dataset.source} v${dataset.version} ` +
              `(dataset ${dataset.id}); ${dataset.barsInserted} bars new, ${dataset.barsChanged} changed.\n`,
          );
        }
      });
    });
}
