import path from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../../../shared/ipc/errors';
import type { OutputFile } from '../../backtest/output/output-files';
import type { StartedResearch } from '../../backtest/research/research.service';
import { withResearch, type ResearchCliContext } from '../with-research';

/**
 * `arbdesk sweep --config FILE --grid FILE --out DIR` and the walk-forward form of
 * `arbdesk backtest` (a config with a `walkForward` key). Same rules as `arbdesk backtest`:
 * 78 for an invalid config or grid (the message names the field), 65 when the data cannot
 * serve it, 66 for a missing file; DIR must be absent or empty and is written whole through
 * a temporary folder, or not at all.
 */

/**
 * The output-folder rules `arbdesk backtest` owns (backtest.command.ts), handed in rather than
 * imported so the two commands do not import each other.
 */
export interface OutputFolderRules {
  readConfigFile(file: string): unknown;
  checkOutputDir(dir: string): void;
  writeOutputDir(dir: string, files: readonly OutputFile[]): void;
}

/** Whether a backtest config asks for walk-forward validation instead of one run. */
export function hasWalkForward(input: unknown): boolean {
  return typeof input === 'object' && input !== null && !Array.isArray(input) && (input as Record<string, unknown>).walkForward !== undefined;
}

async function runToFolder(rules: OutputFolderRules, out: string, start: (context: ResearchCliContext) => Promise<StartedResearch>): Promise<void> {
  rules.checkOutputDir(out);
  await withResearch(async (context) => {
    const started = await start(context);
    const off = context.events.subscribe('job:progress', (progress) => {
      if (process.stderr.isTTY && progress.message !== undefined) process.stderr.write(`\r${progress.message}   `);
    });
    const researchId = await started.result.finally(() => {
      off();
      if (process.stderr.isTTY) process.stderr.write('\n');
    });
    const files = context.service.outputFiles(researchId);
    rules.writeOutputDir(out, files);
    const detail = context.service.get(researchId);
    for (const warning of detail.sweep?.warnings ?? detail.walkForward?.warnings ?? []) process.stderr.write(`warning: ${warning}\n`);
    const pct = (value: number | null | undefined): string => `${((value ?? 0) * 100).toFixed(2)}%`;
    const line =
      detail.sweep !== null
        ? `Sweep run ${researchId}: ${detail.sweep.valid} of ${detail.sweep.configs} configuration(s) valid, best Sharpe ${detail.sweep.best?.sharpe.toFixed(3) ?? 'n/a'}, deflated Sharpe ${detail.sweep.deflated?.dsr?.toFixed(3) ?? 'n/a'}`
        : `Walk-forward run ${researchId}: ${detail.walkForward?.windows.length ?? 0} window(s), out-of-sample total return ${pct(detail.walkForward?.totalReturn)}`;
    process.stdout.write(`${line}; written to ${out}\n`);
  });
}

/** The walk-forward form of `arbdesk backtest`: equity.csv (stitched OOS), windows.csv, summary.json. */
export async function runWalkForwardCommand(rules: OutputFolderRules, input: Record<string, unknown>, outOption: string): Promise<void> {
  const { walkForward, ...config } = input;
  await runToFolder(rules, path.resolve(outOption), async ({ service }) => service.startWalkForward({ config, walkForward }));
}

interface SweepOptions {
  readonly config: string;
  readonly grid: string;
  readonly out: string;
}

export function registerSweepCommand(program: Command, rules: OutputFolderRules): void {
  program
    .command('sweep')
    .description('run a parameter sweep of a backtest config over a grid (or seeded random draws) on the workers and write sweep.csv and summary.json (best config, deflated Sharpe) to DIR')
    .requiredOption('--config <file>', 'backtest config (JSON, docs/backtest.md)')
    .requiredOption('--grid <file>', 'sweep spec (JSON: mode, parameters, count, seed; optional windows for walk-forward scoring; docs/backtest.md)')
    .requiredOption('--out <dir>', 'output folder; must be absent or empty (written whole, or not at all)')
    .action(async (options: SweepOptions) => {
      const config = rules.readConfigFile(options.config);
      const grid = rules.readConfigFile(options.grid);
      if (typeof grid !== 'object' || grid === null || Array.isArray(grid)) throw new AppError('CONFIG_INVALID', 'Invalid sweep: (grid): must be a JSON object', { fields: ['sweep'] });
      const { windows, ...sweep } = grid as Record<string, unknown>;
      await runToFolder(
        rules,
        path.resolve(options.out),
        async ({ service }) => service.startSweep({ config, sweep, ...(windows === undefined ? {} : { windows }) }),
      );
    });
}
