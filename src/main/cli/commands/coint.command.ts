import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { parseSymbol } from '../../../shared/domain/symbol';
import { AppError } from '../../../shared/ipc/errors';
import { parseIsoDate } from '../../core/time/epoch-day';
import type { CointOutcome, CointRequest } from '../../scanner/scanner.service';
import { wireNumber } from '../../scanner/scanner-wire';
import { withScanner } from '../with-scanner';
import { parseDatasetId } from './scan.command';

const HEADER = ['y', 'x', 'start', 'end', 'transform'] as const;

interface PairRow {
  /** As written (echoed back in the output). */
  readonly raw: { y: string; x: string; start: string; end: string; transform: string };
  readonly request: CointRequest | null;
  readonly problem: string | null;
}

/** PAIRS.csv: the header y,x,start,end,transform, then one pair per line; a bad row keeps its place with its reason. */
export function readPairsCsv(file: string): PairRow[] {
  const target = path.resolve(file);
  if (!existsSync(target)) throw new AppError('NOT_FOUND', `No pairs file at ${target}.`, { path: target });
  const lines = readFileSync(target, 'utf8').split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((cell) => cell.trim().toLowerCase());
  if (header.join(',') !== HEADER.join(',')) {
    throw new AppError('VALIDATION_FAILED', `${target}: the header must be "${HEADER.join(',')}", not "${lines[0] ?? ''}".`, { path: target, line: 1 });
  }
  const rows: PairRow[] = [];
  lines.slice(1).forEach((line, index) => {
    if (line.trim() === '') return;
    const cells = line.split(',').map((cell) => cell.trim());
    const raw = { y: cells[0] ?? '', x: cells[1] ?? '', start: cells[2] ?? '', end: cells[3] ?? '', transform: cells[4] ?? '' };
    const where = `line ${index + 2}`;
    const y = parseSymbol(raw.y);
    const x = parseSymbol(raw.x);
    const start = parseIsoDate(raw.start);
    const end = parseIsoDate(raw.end);
    const problem =
      cells.length !== HEADER.length
        ? `${where}: expected ${HEADER.length} fields, found ${cells.length}`
        : !y.ok
          ? `${where}: y "${raw.y}" is not a symbol (${y.reason})`
          : !x.ok
            ? `${where}: x "${raw.x}" is not a symbol (${x.reason})`
            : start === null
              ? `${where}: start "${raw.start}" is not an ISO date`
              : end === null
                ? `${where}: end "${raw.end}" is not an ISO date`
                : start > end
                  ? `${where}: start ${raw.start} is after end ${raw.end}`
                  : raw.transform !== 'log' && raw.transform !== 'raw'
                    ? `${where}: transform must be log or raw, not "${raw.transform}"`
                    : y.symbol === x.symbol
                      ? `${where}: y and x are the same symbol`
                      : null;
    const request =
      problem === null && y.ok && x.ok && start !== null && end !== null
        ? { y: y.symbol, x: x.symbol, start, end, transform: raw.transform === 'raw' ? ('raw' as const) : ('log' as const) }
        : null;
    rows.push({ raw, request, problem });
  });
  return rows;
}

/** One output object in issue 12's layout; `error` replaces the statistics when the row cannot be computed. */
function cointRecord(row: PairRow, outcome: CointOutcome | null): Record<string, unknown> {
  const head = { y: row.request?.y ?? row.raw.y, x: row.request?.x ?? row.raw.x, start: row.raw.start, end: row.raw.end, transform: row.raw.transform };
  if (outcome === null) return { ...head, error: row.problem ?? 'not computed' };
  if (!outcome.ok) return { ...head, error: outcome.error };
  const s = outcome.stats;
  return {
    ...head,
    nobs: s.nobs,
    beta: s.eg.beta,
    alpha: s.eg.alpha,
    eg_stat: s.eg.statistic,
    eg_pvalue: s.eg.pValue,
    eg_lags: s.eg.usedLag,
    eg_crit: { '1%': s.eg.criticalValues['1%'], '5%': s.eg.criticalValues['5%'], '10%': s.eg.criticalValues['10%'] },
    johansen_trace: [...s.johansenTrace],
    johansen_max_eig: [...s.johansenMaxEig],
    half_life: wireNumber(s.halfLife),
    hurst: s.hurst,
    // Gaps: the two series were aligned on their common days; these many of each were dropped.
    dropped_y: outcome.droppedY,
    dropped_x: outcome.droppedX,
  };
}

export function registerCointCommand(program: Command): void {
  program
    .command('coint')
    .description('check chosen pairs: Engle-Granger, Johansen, half-life and Hurst on each pair\'s window (JSON array, input order)')
    .requiredOption('--pairs <file>', 'CSV with the header y,x,start,end,transform (ISO dates inclusive; log or raw)')
    .requiredOption('--out <file>', 'results file (JSON array)')
    .option('--dataset <id>', 'as of this dataset version, rebuilt from the revisions (default: the current data)')
    .action(async (options: { pairs: string; out: string; dataset?: string }) => {
      const asOf = parseDatasetId(options.dataset);
      const rows = readPairsCsv(options.pairs);
      const out = path.resolve(options.out);
      await withScanner(async ({ service }) => {
        const requests = rows.flatMap((row) => (row.request === null ? [] : [row.request]));
        const outcomes = service.coint(requests, asOf);
        let next = 0;
        const records = rows.map((row) => cointRecord(row, row.request === null ? null : (outcomes[next++] ?? null)));
        writeFileSync(out, `${JSON.stringify(records, null, 2)}\n`);
        const failed = records.filter((r) => 'error' in r).length;
        process.stdout.write(`Checked ${records.length} pairs (${failed} could not be computed); written to ${out}\n`);
      });
    });
}
