import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Command } from 'commander';
import { scanRequestSchema, type ScanRequest } from '../../../shared/domain/scanner';
import { parseSymbol } from '../../../shared/domain/symbol';
import { AppError } from '../../../shared/ipc/errors';
import { parseIsoDate } from '../../core/time/epoch-day';
import type { PairResult } from '../../scanner/core/scan-types';
import { runToWire, wireNumber } from '../../scanner/scanner-wire';
import { withScanner } from '../with-scanner';
import { peakRssBytes } from '../peak-rss';

interface ScanOptions {
  readonly dataset?: string;
  readonly universe: string;
  readonly formation: string;
  readonly transform: string;
  readonly fdr: string;
  readonly bonferroni?: boolean;
  readonly sameSector?: boolean;
  readonly minCorrelation?: string;
  readonly overrideQualityGate?: boolean;
  readonly out: string;
  readonly stats?: boolean;
}

/** `FROM:TO` as two ISO dates, inclusive. */
export function parseWindow(text: string, option: string): { from: string; to: string } {
  const match = /^(\d{4}-\d{2}-\d{2}):(\d{4}-\d{2}-\d{2})$/.exec(text.trim());
  const from = match?.[1];
  const to = match?.[2];
  if (from === undefined || to === undefined || parseIsoDate(from) === null || parseIsoDate(to) === null) {
    throw new AppError('BAD_REQUEST', `${option} must be FROM:TO with ISO dates, e.g. 2013-02-08:2018-02-07, not "${text}".`, { option });
  }
  if (from > to) throw new AppError('BAD_REQUEST', `${option}: ${from} is after ${to}.`, { option });
  return { from, to };
}

export function parseDatasetId(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const id = Number(text);
  if (!Number.isInteger(id) || id < 1) throw new AppError('BAD_REQUEST', `--dataset must be a dataset id (a positive integer), not "${text}".`);
  return id;
}

/** A saved list: symbols separated by newlines, commas or spaces; a `symbol` header is skipped. */
function readSymbolList(file: string): string[] {
  const target = path.resolve(file);
  if (!existsSync(target)) throw new AppError('NOT_FOUND', `No symbol list at ${target}.`, { path: target });
  const symbols: string[] = [];
  for (const token of readFileSync(target, 'utf8').split(/[\s,;]+/)) {
    if (token === '' || token.toLowerCase() === 'symbol') continue;
    const parsed = parseSymbol(token);
    if (!parsed.ok) throw new AppError('VALIDATION_FAILED', `${target}: "${token}" is not a symbol (${parsed.reason}).`, { path: target });
    symbols.push(parsed.symbol);
  }
  if (symbols.length < 2) throw new AppError('VALIDATION_FAILED', `${target} names ${symbols.length} symbol(s); a scan needs at least two.`, { path: target });
  return symbols;
}

function universeOf(text: string): ScanRequest['universe'] {
  if (text === 'all') return { kind: 'all' };
  if (text.startsWith('sector:') && text.length > 'sector:'.length) return { kind: 'sector', sector: text.slice('sector:'.length) };
  if (text.startsWith('list:') && text.length > 'list:'.length) return { kind: 'list', symbols: readSymbolList(text.slice('list:'.length)) };
  throw new AppError('BAD_REQUEST', `--universe must be all, sector:NAME or list:FILE, not "${text}".`);
}

export function scanRequestFromOptions(options: ScanOptions): ScanRequest {
  if (options.transform !== 'log' && options.transform !== 'raw') throw new AppError('BAD_REQUEST', `--transform must be log or raw, not "${options.transform}".`);
  const alpha = Number(options.fdr);
  if (!(alpha > 0 && alpha < 1)) throw new AppError('BAD_REQUEST', `--fdr must be a rate between 0 and 1, e.g. 0.05, not "${options.fdr}".`);
  const asOf = parseDatasetId(options.dataset);
  const minCorrelation = options.minCorrelation === undefined ? undefined : Number(options.minCorrelation);
  if (minCorrelation !== undefined && !(minCorrelation >= -1 && minCorrelation <= 1)) {
    throw new AppError('BAD_REQUEST', `--min-correlation must be a correlation between -1 and 1, not "${options.minCorrelation ?? ''}".`);
  }
  const parsed = scanRequestSchema.safeParse({
    universe: universeOf(options.universe),
    formation: parseWindow(options.formation, '--formation'),
    transform: options.transform,
    fdr: { method: options.bonferroni === true ? 'bonferroni' : 'bh', alpha },
    filters: { sameSectorOnly: options.sameSector === true, ...(minCorrelation === undefined ? {} : { minCorrelation }) },
    overrideQualityGate: options.overrideQualityGate === true,
    ...(asOf === undefined ? {} : { asOfDatasetId: asOf }),
  });
  if (!parsed.success) throw new AppError('BAD_REQUEST', `Invalid scan: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}.`);
  return parsed.data;
}

/** One output record per unordered pair, in the direction with the lower p-value (issue 12's layout). */
function record(result: PairResult): Record<string, unknown> {
  return {
    y: result.y,
    x: result.x,
    eg_stat: result.egStat,
    eg_pvalue: result.egPvalue,
    eg_pvalue_reverse: result.egPvalueReverse,
    qvalue: result.qvalue,
    significant: result.significant,
    beta: result.beta,
    alpha: result.alpha,
    half_life: result.halfLife === null ? null : wireNumber(result.halfLife),
    nobs: result.nobs,
    ...(result.error === null ? {} : { error: result.error }),
  };
}

export function registerScanCommand(program: Command): void {
  program
    .command('scan')
    .description('test every pair of a universe for cointegration (Engle-Granger both ways, FDR across all ordered tests) and write the results as JSON')
    .requiredOption('--formation <FROM:TO>', 'formation window, ISO dates inclusive; nothing outside it enters a statistic')
    .requiredOption('--out <file>', 'results file (JSON: { run, excluded, results })')
    .option('--dataset <id>', 'as of this dataset version, rebuilt from the revisions (default: the current data)')
    .option('--universe <spec>', 'all, sector:NAME or list:FILE', 'all')
    .option('--transform <kind>', 'log or raw prices', 'log')
    .option('--fdr <rate>', 'false discovery rate (Benjamini-Hochberg) a pair must pass', '0.05')
    .option('--bonferroni', 'use the Bonferroni correction instead of Benjamini-Hochberg')
    .option('--same-sector', 'test only pairs within one sector')
    .option('--min-correlation <r>', 'optional pre-filter: keep only pairs whose daily return correlation is at least r')
    .option('--override-quality-gate', 'include symbols with data errors or open source conflicts in this run (recorded)')
    .option('--stats', 'print elapsed time, CPU time, peak memory and main-thread event-loop lag to stderr when done')
    .action(async (options: ScanOptions) => {
      const request = scanRequestFromOptions(options);
      const out = path.resolve(options.out);
      await withScanner(async ({ service, events }) => {
        // The main thread's responsiveness while the workers scan (it relays progress only).
        const lag = monitorEventLoopDelay({ resolution: 10 });
        const scanStarted = performance.now();
        lag.enable();
        const job = service.startScan(request);
        const off = events.subscribe('job:progress', (progress) => {
          if (!process.stderr.isTTY) return;
          if (progress.message !== undefined) process.stderr.write(`\r${progress.message}   `);
        });
        const outcome = await job.result.finally(() => {
          off();
          lag.disable();
        });
        const scanMs = performance.now() - scanStarted;
        if (process.stderr.isTTY) process.stderr.write('\n');
        const run = service.run(outcome.runId);
        const results = service.allResults(outcome.runId);
        const body = {
          run: { ...runToWire(run), elapsedMs: outcome.elapsedMs },
          excluded: run.excluded.map((entry) => ({ symbol: entry.symbol, reason: entry.reason, detail: entry.detail })),
          results: results.map(record),
        };
        writeFileSync(out, JSON.stringify(body));
        process.stdout.write(
          `Scan run ${run.id}: ${run.universe.length} symbols (${run.excluded.length} excluded), ${run.pairsTested} pairs tested, ${run.pairsSignificant} significant at ${request.fdr.method === 'bh' ? 'FDR' : 'Bonferroni'} ${request.fdr.alpha}; written to ${out}\n`,
        );
        if (run.survivorshipWarning !== null) process.stderr.write(`warning: ${run.survivorshipWarning}\n`);
        if (options.stats === true) {
          const cpu = process.cpuUsage();
          const stats = {
            elapsedMs: Math.round(performance.now()),
            scanMs: Math.round(scanMs),
            ...outcome.phases,
            cpuMs: Math.round((cpu.user + cpu.system) / 1000),
            peakRssBytes: peakRssBytes(),
            eventLoopLagP99Ms: lag.percentile(99) / 1e6,
            eventLoopLagMaxMs: lag.max / 1e6,
            tests: 2 * run.pairsTested,
          };
          process.stderr.write(`stats ${JSON.stringify(stats)}\n`);
        }
      });
    });
}
