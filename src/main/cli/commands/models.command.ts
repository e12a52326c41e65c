import type { Command } from 'commander';
import { AppError } from '../../../shared/ipc/errors';
import type { ModelVersionRecord } from '../../models/core/model-registry-types';
import { withModels } from '../with-models';

function describe(record: ModelVersionRecord): string {
  const model = record.metrics.test['lstm']?.mse;
  const ar1 = record.metrics.test['ar1']?.mse;
  const mse = (value: number | null | undefined): string => (value === null || value === undefined ? '—' : value.toPrecision(4));
  return `${record.id}\t${record.name} v${record.version}\t${record.state}\t${record.backend}\ttest MSE ${mse(model)} (AR(1) ${mse(ar1)})\t${record.sha256.slice(0, 12)}\n`;
}

function modelIdOf(text: string): number {
  const id = Number(text);
  if (!Number.isSafeInteger(id) || id <= 0) throw new AppError('VALIDATION_FAILED', `"${text}" is not a model version id (see arbdesk models list).`, { field: 'id' });
  return id;
}

function requireYes(yes: boolean | undefined, what: string): void {
  if (yes !== true) throw new AppError('VALIDATION_FAILED', `${what} must be confirmed: add --yes.`, { field: 'yes' });
}

/** `arbdesk models`: the registry through the same service as the Model lab page. */
export function registerModelsCommand(program: Command): void {
  const models = program.command('models').description('The model registry: list versions, promote, roll back, retire (confirmed with --yes, audited).');
  models
    .command('list')
    .description('Every registered model version with its state and test MSE beside AR(1).')
    .option('--json', 'print one JSON object per version')
    .action(async (options: { json?: boolean }) => {
      await withModels(async (service) => {
        for (const record of service.list()) process.stdout.write(options.json === true ? `${JSON.stringify(record)}\n` : describe(record));
      });
    });
  models
    .command('promote <id>')
    .description('One step up: candidate → challenger (shadow) → canary → champion.')
    .option('--reason <text>', 'why (recorded in the audit log)')
    .option('--yes', 'confirm the change')
    .action(async (id: string, options: { reason?: string; yes?: boolean }) => {
      requireYes(options.yes, 'A promotion');
      await withModels(async (service) => {
        process.stdout.write(describe(service.promote(modelIdOf(id), { actor: 'cli', confirmed: true, reason: options.reason ?? null })));
      });
    });
  models
    .command('rollback <name>')
    .description("Retire the pair's champion (e.g. KO/PEP) and reinstate the previous one.")
    .requiredOption('--reason <text>', 'why (required, recorded in the audit log)')
    .option('--yes', 'confirm the change')
    .action(async (name: string, options: { reason: string; yes?: boolean }) => {
      requireYes(options.yes, 'A rollback');
      await withModels(async (service) => {
        process.stdout.write(describe(service.rollback(name, { actor: 'cli', confirmed: true, reason: options.reason })));
      });
    });
  models
    .command('retire <id>')
    .description('Retire a version (it predicts and trades no more).')
    .option('--reason <text>', 'why (recorded in the audit log)')
    .option('--yes', 'confirm the change')
    .action(async (id: string, options: { reason?: string; yes?: boolean }) => {
      requireYes(options.yes, 'A retirement');
      await withModels(async (service) => {
        process.stdout.write(describe(service.retire(modelIdOf(id), { actor: 'cli', confirmed: true, reason: options.reason ?? null })));
      });
    });
}
