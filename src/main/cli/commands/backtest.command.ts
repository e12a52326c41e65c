import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../../../shared/ipc/errors';
import type { OutputFile } from '../../backtest/output/output-files';
import { withBacktest } from '../with-backtest';
import { hasWalkForward, runWalkForwardCommand } from './research.command';

interface BacktestOptions {
  readonly config: string;
  readonly out: string;
}

/** The config file as JSON: missing → NOT_FOUND (66), unreadable JSON → CONFIG_INVALID (78). */
export function readConfigFile(file: string): unknown {
  const target = path.resolve(file);
  let text: string;
  try {
    text = readFileSync(target, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new AppError('NOT_FOUND', `No config file at ${target}.`, { path: target }, { cause: error });
    throw new AppError('UNAVAILABLE', `Cannot read the config file ${target}: ${code ?? String(error)}.`, { path: target }, { cause: error });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new AppError('CONFIG_INVALID', `Invalid backtest config: (config): ${target} is not valid JSON (${error instanceof Error ? error.message : String(error)}).`, { path: target, fields: [] }, { cause: error });
  }
}

/** DIR must be absent or an empty folder; anything else is refused before the run starts. */
export function checkOutputDir(dir: string): void {
  let info;
  try {
    info = statSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (!info.isDirectory()) throw new AppError('CONFLICT', `--out ${dir} exists and is not a folder; name an absent or empty folder.`, { path: dir });
  if (readdirSync(dir).length > 0) throw new AppError('CONFLICT', `--out ${dir} is not empty; name an absent or empty folder (nothing was run).`, { path: dir });
}

/**
 * Writes the files into a temporary folder beside DIR, then renames it to DIR, so DIR either
 * holds every file or does not exist: a failure part-way removes the temporary folder.
 */
export function writeOutputDir(dir: string, files: readonly OutputFile[]): void {
  const temp = path.join(path.dirname(dir), `.${path.basename(dir)}.partial-${randomBytes(6).toString('hex')}`);
  mkdirSync(temp);
  try {
    for (const file of files) writeFileSync(path.join(temp, file.name), file.content, { flag: 'wx' });
    checkOutputDir(dir);
    // An empty DIR is replaced (a rename onto an existing folder fails on some platforms).
    try {
      rmdirSync(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    renameSync(temp, dir);
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw error;
  }
}

/** The folder rules above, for the research commands (sweep, walk-forward). */
export const outputFolderRules = { readConfigFile, checkOutputDir, writeOutputDir } as const;

export function registerBacktestCommand(program: Command): void {
  program
    .command('backtest')
    .description('run a pairs backtest from a JSON config on the stored data and write fills, accruals, equity, trades, summary.json and report.html to DIR')
    .requiredOption('--config <file>', 'backtest config (JSON, docs/backtest.md; examples in resources/examples/)')
    .requiredOption('--out <dir>', 'output folder; must be absent or empty (written whole, or not at all)')
    .action(async (options: BacktestOptions) => {
      const input = readConfigFile(options.config);
      // A `walkForward` key makes it a walk-forward validation (research.command.ts).
      if (hasWalkForward(input)) return runWalkForwardCommand(outputFolderRules, input as Record<string, unknown>, options.out);
      const out = path.resolve(options.out);
      checkOutputDir(out);
      await withBacktest(async ({ service, events }) => {
        const started = service.start(input);
        const off = events.subscribe('job:progress', (progress) => {
          if (process.stderr.isTTY && progress.message !== undefined) process.stderr.write(`\r${progress.message}   `);
        });
        const runId = await started.result.finally(() => {
          off();
          if (process.stderr.isTTY) process.stderr.write('\n');
        });
        writeOutputDir(out, service.outputFiles(runId));
        const { run, report } = service.get(runId);
        for (const warning of report?.warnings ?? []) process.stderr.write(`warning: ${warning}\n`);
        const headline = run.headline;
        process.stdout.write(
          `Backtest run ${runId}: ${run.pairs.length} pair(s) ${run.from}..${run.to}, ${headline?.trades ?? 0} closed trades, total return ${((headline?.totalReturn ?? 0) * 100).toFixed(2)}%; written to ${out}\n`,
        );
      });
    });
}
