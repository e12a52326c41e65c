import { createWriteStream, existsSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { adjustmentBasisSchema } from '../../../shared/domain/market-data';
import { AppError } from '../../../shared/ipc/errors';
import { formatIsoDate } from '../../core/time/epoch-day';
import { toWireBars, toWireDataset } from '../../data/data-wire';
import type { ImportResult } from '../../data/import/import-path';
import type { FormatSpec, ParsedBar } from '../../data/core/pipeline-types';
import { validateSeries } from '../../data/validation/series-validator';
import { BarsRepo } from '../../store/repos/bars.repo';
import { CorporateActionsRepo } from '../../store/repos/corporate-actions.repo';
import { DatasetsRepo } from '../../store/repos/datasets.repo';
import { InstrumentsRepo } from '../../store/repos/instruments.repo';
import { exitCodes } from '../exit-codes';
import { peakRssBytes } from '../peak-rss';
import { withMarketData } from '../with-market-data';
import { withStore } from '../with-store';
import { registerConflictsCommand } from './data-conflicts.command';

const formatNames = ['sp500-kaggle', 'yahoo', 'long'] as const;

/** Formats with a known layout can be forced by name; anything else goes through the UI's mapping. */
function namedFormat(name: string | undefined): FormatSpec | undefined {
  if (name === undefined) return undefined;
  const parsed = z.enum(formatNames).safeParse(name);
  if (!parsed.success) throw new AppError('BAD_REQUEST', `Unknown --format "${name}"; use one of ${formatNames.join(', ')} (or omit it to detect).`);
  const mappings: Record<(typeof formatNames)[number], FormatSpec> = {
    'sp500-kaggle': { name: 'sp500-kaggle', mapping: { date: 'date', open: 'open', high: 'high', low: 'low', close: 'close', volume: 'volume', symbol: 'Name' } },
    yahoo: { name: 'yahoo', mapping: { date: 'Date', open: 'Open', high: 'High', low: 'Low', close: 'Close', volume: 'Volume', adjClose: 'Adj Close' } },
    long: { name: 'long', mapping: { date: 'date', open: 'open', high: 'high', low: 'low', close: 'close', volume: 'volume', symbol: 'symbol' } },
  };
  return mappings[parsed.data];
}

function printImport(result: ImportResult): void {
  const d = result.dataset;
  const span = `${d.firstDay === null ? '' : formatIsoDate(d.firstDay)}..${d.lastDay === null ? '' : formatIsoDate(d.lastDay)}`;
  process.stdout.write(
    result.noOp
      ? `No change: identical to dataset ${d.id} (${d.source} v${d.version}).\n`
      : `Imported dataset ${d.id} (${d.source} v${d.version}): ${d.rowsAccepted} rows accepted, ${d.rowsRejected} rejected; ${d.barsInserted} bars new, ${d.barsChanged} changed; ${d.symbolCount} symbols ${span}\n`,
  );
  for (const [kind, count] of Object.entries(result.issueSummary).sort()) process.stdout.write(`  ${kind}: ${count}\n`);
  for (const held of result.held) {
    const factor = held.factor === null ? '' : ` ×${Math.round(held.factor * 10_000) / 10_000}`;
    process.stdout.write(`  held ${held.symbol}: ${held.bars} bars, ${held.classification}${factor} (arbdesk data conflicts list ${held.symbol})\n`);
  }
  for (const refused of result.refused) process.stdout.write(`  refused ${refused.reason}\n`);
  for (const issue of result.rejectedSample.slice(0, 20)) {
    process.stdout.write(`  rejected ${issue.file ?? ''}:${issue.line ?? ''} ${issue.field ?? ''} ${issue.detail}\n`);
  }
}

function csvRow(values: readonly (string | number)[]): string {
  return `${values.map(String).join(',')}\n`;
}

export function registerDataCommand(program: Command): void {
  const data = program.command('data').description('import, validate, list and export market data');

  data
    .command('import')
    .description('import a CSV file or a folder of them as a new dataset version (one transaction)')
    .argument('<path>', 'file or folder to import')
    .option('--strict', 'abort on the first bad row and write nothing (default: lenient, keep good rows and report bad ones)')
    .option('--format <name>', `force a layout: ${formatNames.join(', ')} (default: detect per file)`)
    .option('--adjustment <basis>', 'price basis of the input: raw, split or split_dividend', 'split')
    .option('--source <label>', 'stable name for this input’s versions (default: its absolute path)')
    .option('--stats', 'print elapsed time and peak memory to stderr when done')
    .action(async (target: string, options: { strict?: boolean; format?: string; adjustment: string; source?: string; stats?: boolean }) => {
      const started = performance.now();
      const adjustment = adjustmentBasisSchema.safeParse(options.adjustment);
      if (!adjustment.success) throw new AppError('BAD_REQUEST', `--adjustment must be raw, split or split_dividend, not "${options.adjustment}".`);
      const format = namedFormat(options.format);
      await withMarketData(async (service) => {
        const job = await service.startImport(
          {
            path: target,
            policy: options.strict ? 'strict' : 'lenient',
            adjustment: adjustment.data,
            ...(format === undefined ? {} : { format }),
            ...(options.source === undefined ? {} : { source: options.source }),
          },
          'user:cli',
        );
        printImport(await job.result);
      });
      if (options.stats) {
        const stats = { elapsedMs: Math.round(performance.now() - started), peakRssBytes: peakRssBytes() };
        process.stderr.write(`stats ${JSON.stringify(stats)}\n`);
      }
    });

  registerConflictsCommand(data);

  const actions = data.command('actions').description('corporate actions: splits and dividends');
  actions
    .command('import')
    .description('import splits and dividends (symbol,date,type,ratio,amount, or Yahoo Date,Stock Splits / Date,Dividends) in one transaction')
    .argument('<file>', 'CSV file; dividend amounts are cash per share as traded on the ex-date')
    .option('--strict', 'abort on the first bad row and write nothing (default: lenient, keep good rows and report bad ones)')
    .action(async (file: string, options: { strict?: boolean }) => {
      await withMarketData(async (service) => {
        const result = await service.importActions({ path: file, policy: options.strict ? 'strict' : 'lenient' }, 'user:cli');
        process.stdout.write(
          `Imported ${result.saved} actions (${result.replaced} replaced) for ${result.symbols.length} symbols from the ${result.layout} layout; ${result.rowsRejected} of ${result.rowsRead} rows rejected.\n`,
        );
        for (const issue of result.issues.slice(0, 20)) {
          process.stdout.write(`  ${issue.severity} ${issue.kind} ${issue.file ?? ''}:${issue.line ?? ''} ${issue.field ?? ''} ${issue.detail}\n`);
        }
      });
    });
  actions
    .command('list')
    .description('list the corporate actions of a symbol, imported and inferred')
    .argument('<symbol>')
    .action(async (symbol: string) => {
      await withStore((store) => {
        for (const action of new CorporateActionsRepo(store.db).forSymbol(symbol.toUpperCase())) {
          const what = action.kind === 'split' ? `split ${action.numerator}:${action.denominator}` : `dividend ${action.cashAmount}`;
          process.stdout.write(`${formatIsoDate(action.day)}\t${what}\t${action.source}\n`);
        }
      });
    });

  data
    .command('validate')
    .description('re-run the series checks (gaps, stale runs, outliers, splits) on stored bars')
    .argument('[symbol]', 'one symbol (default: all)')
    .action(async (symbol: string | undefined) => {
      await withStore((store, { config }) => {
        const instruments = new InstrumentsRepo(store.db).list().filter((i) => symbol === undefined || i.symbol === symbol.toUpperCase());
        if (symbol !== undefined && instruments.length === 0) throw new AppError('NOT_FOUND', `No stored bars for ${symbol.toUpperCase()}.`);
        const bars = new BarsRepo(store.db);
        let total = 0;
        for (const instrument of instruments) {
          const columns = bars.bars(instrument.symbol);
          const series: ParsedBar[] = Array.from(columns.days, (day, index) => ({
            symbol: instrument.symbol,
            day,
            open: columns.open[index] ?? Number.NaN,
            high: columns.high[index] ?? Number.NaN,
            low: columns.low[index] ?? Number.NaN,
            close: columns.close[index] ?? Number.NaN,
            volume: columns.volume[index] ?? Number.NaN,
            line: index + 1,
          }));
          const { issues } = validateSeries(series, config.data);
          total += issues.length;
          for (const issue of issues) {
            process.stdout.write(`${instrument.symbol}\t${issue.day === null ? '' : formatIsoDate(issue.day)}\t${issue.severity}\t${issue.kind}\t${issue.detail}\n`);
          }
        }
        process.stderr.write(`${instruments.length} symbols checked, ${total} issues.\n`);
      });
    });

  data
    .command('list')
    .description('list dataset versions with their counts')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }) => {
      await withStore((store) => {
        const datasets = new DatasetsRepo(store.db).list().map(toWireDataset);
        if (options.json) {
          process.stdout.write(`${JSON.stringify(datasets, null, 2)}\n`);
          return;
        }
        for (const d of datasets) {
          process.stdout.write(
            `${d.id}\t${d.source} v${d.version}\t${new Date(d.importedAt).toISOString()}\t${d.adjustment}\t${d.rowsAccepted} accepted / ${d.rowsRejected} rejected\t${d.symbolCount} symbols\t${d.firstDate ?? ''}..${d.lastDate ?? ''}${d.resolvesDatasetId === null ? '' : `\tresolves ${d.resolvesDatasetId}`}\n`,
          );
        }
      });
    });

  data
    .command('export')
    .description('export stored daily bars as CSV (date,open,high,low,close,volume,symbol)')
    .option('--symbol <symbol...>', 'symbols to export (default: all)')
    .option('--out <file>', 'write to a file instead of stdout (refuses to overwrite)')
    .action(async (options: { symbol?: string[]; out?: string }) => {
      if (options.out !== undefined && existsSync(options.out)) throw new AppError('CONFLICT', `${options.out} already exists; choose another file.`);
      await withStore(async (store) => {
        const repo = new BarsRepo(store.db);
        const symbols = options.symbol?.map((s) => s.toUpperCase()) ?? new InstrumentsRepo(store.db).list().map((i) => i.symbol);
        const out = options.out === undefined ? process.stdout : createWriteStream(options.out, { flags: 'wx' });
        out.write(csvRow(['date', 'open', 'high', 'low', 'close', 'volume', 'symbol']));
        for (const symbol of symbols) {
          for (const bar of toWireBars(repo.bars(symbol))) out.write(csvRow([bar.date, bar.open, bar.high, bar.low, bar.close, bar.volume, symbol]));
        }
        if (out !== process.stdout) {
          out.end();
          await finished(out);
        }
      });
      process.exitCode = exitCodes.ok;
    });
}
