import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { AppConfig } from '../../shared/domain/config';
import { AppError } from '../../shared/ipc/errors';
import type { ImportReport } from '../../shared/ipc/sections/data';
import type { AppPaths } from '../config/paths';
import { previewFile } from '../data/csv/file-preview';
import { epochDayFromIso, formatIsoDate } from '../core/time/epoch-day';
import { exchangeDay } from '../core/time/exchange-time';
import type { ImportResult } from '../data/import/import-path';
import type { FormatSpec } from '../data/core/pipeline-types';
import { LocalStoreProvider } from '../data/service/local-store-provider';
import { MarketDataService } from '../data/service/market-data-service';
import type { EventBus } from '../events/event-bus';
import type { Handlers } from '../ipc/handler-registry';
import type { JobManager } from '../jobs/job-manager';
import type { Store } from '../store/db';
import type { AuditService } from '../audit/audit.service';
import { BarsRepo } from '../store/repos/bars.repo';
import { CorporateActionsRepo } from '../store/repos/corporate-actions.repo';
import { DataIssuesRepo } from '../store/repos/data-issues.repo';
import { DatasetsRepo } from '../store/repos/datasets.repo';
import type { WorkerPool } from '../workers/worker-pool';
import { importWorker, type ImportWorkerInput } from '../workers/import.descriptor';
import { issuesToCsv } from './issues-csv';

export type DataHandlers = Pick<
  Handlers,
  | 'data:datasets'
  | 'data:dataset-diff'
  | 'data:instruments'
  | 'data:bars'
  | 'data:issues'
  | 'data:issues-csv'
  | 'data:preview'
  | 'data:import'
  | 'data:cache-metrics'
>;

export interface DataModuleDeps {
  readonly store: Store;
  readonly config: AppConfig;
  readonly paths: AppPaths;
  readonly resourcesDir: string;
  readonly events: EventBus;
  readonly jobs: JobManager;
  readonly workers: WorkerPool;
  readonly audit: AuditService;
  readonly logger: Logger;
  readonly now?: () => number;
}

export interface ImportRequest {
  readonly path: string;
  readonly policy: 'strict' | 'lenient';
  readonly adjustment: ImportWorkerInput['adjustment'];
  readonly format?: FormatSpec;
  readonly source?: string;
}

export interface DataModule {
  readonly handlers: DataHandlers;
  readonly service: MarketDataService;
  /** Starts an import job on a worker; the promise settles with its result. */
  startImport(request: ImportRequest, actor: string): { jobId: string; result: Promise<ImportResult> };
  /** First start: imports the bundled sample in the background when the store is empty. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

const ISSUES_CSV_LIMIT = 100_000;
const DIRECTORY_LISTING_LIMIT = 500;

function sampleDir(resourcesDir: string): string {
  return path.join(resourcesDir, 'sample-data');
}

export function createDataModule(deps: DataModuleDeps): DataModule {
  const now = deps.now ?? Date.now;
  const { store, config, logger } = deps;
  const service = MarketDataService.fromConfig(new LocalStoreProvider(store), config, now);
  const datasets = new DatasetsRepo(store.db);
  const bars = new BarsRepo(store.db);
  const issues = new DataIssuesRepo(store.db);
  const actions = new CorporateActionsRepo(store.db);
  let sampleJob: Promise<unknown> | null = null;

  function exchangeToday(): number {
    return exchangeDay(now());
  }

  /** What an import asks for; where the store is, its thresholds and today come from here. */
  type ImportTask = Omit<ImportWorkerInput, 'dbPath' | 'busyTimeoutMs' | 'thresholds' | 'today'>;

  function runImport(task: ImportTask, actor: string, kind: string): { jobId: string; result: Promise<ImportResult> } {
    const input: ImportWorkerInput = {
      ...task,
      dbPath: store.path,
      busyTimeoutMs: config.store.busyTimeoutMs,
      thresholds: config.data,
      today: exchangeToday(),
    };
    const job = deps.jobs.run({ kind, worker: importWorker, input, resultRef: (imported) => ({ area: 'data.dataset', id: imported.dataset.id }) });
    const result = job.result.then(
      (imported) => {
        let invalidated = service.invalidateSymbols(imported.changedSymbols);
        // A new version that changed no bar can still change issue counts in the instrument list.
        if (!imported.noOp && imported.changedSymbols.length === 0) {
          invalidated = service.metrics().size;
          service.clear();
        }
        deps.audit.append({
          actor,
          action: 'data.import',
          subject: input.path,
          details: {
            datasetId: imported.dataset.id,
            version: imported.dataset.version,
            noOp: imported.noOp,
            rowsAccepted: imported.dataset.rowsAccepted,
            rowsRejected: imported.dataset.rowsRejected,
            barsChanged: imported.dataset.barsChanged,
          },
        });
        logger.info({ jobId: job.jobId, datasetId: imported.dataset.id, noOp: imported.noOp, invalidated }, 'import finished');
        const report: ImportReport = {
          dataset: imported.dataset,
          noOp: imported.noOp,
          issueSummary: imported.issueSummary,
          rejectedSample: imported.rejectedSample,
        };
        deps.events.publish('data:imported', { jobId: job.jobId, report, error: null });
        return imported;
      },
      (error: unknown) => {
        const wire = error instanceof AppError ? { code: error.code, message: error.message } : { code: 'INTERNAL', message: 'The import failed; see the logs.' };
        deps.events.publish('data:imported', { jobId: job.jobId, report: null, error: wire });
        throw error;
      },
    );
    return { jobId: job.jobId, result };
  }

  function startImport(request: ImportRequest, actor: string): { jobId: string; result: Promise<ImportResult> } {
    const target = path.resolve(request.path);
    if (!existsSync(target)) throw new AppError('NOT_FOUND', `Nothing to import at ${target}: no such file or folder.`, { path: target });
    return runImport(
      {
        path: target,
        policy: request.policy,
        adjustment: request.adjustment,
        ...(request.format === undefined ? {} : { format: request.format }),
        ...(request.source === undefined ? {} : { source: request.source }),
      },
      actor,
      'data.import',
    );
  }

  const handlers: DataHandlers = {
    'data:datasets': () => datasets.list(),
    'data:dataset-diff': ({ datasetId, limit }) => {
      datasets.require(datasetId);
      return bars.diffDataset(datasetId, limit);
    },
    'data:instruments': async () => [...(await service.listInstruments())],
    'data:bars': async ({ symbol, from, to }) => {
      const upper = symbol.toUpperCase();
      const range = { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
      const symbolBars = await service.getDailyBars(upper, range);
      const days = {
        ...(from === undefined ? {} : { from: epochDayFromIso(from) }),
        ...(to === undefined ? {} : { to: epochDayFromIso(to) }),
      };
      const symbolIssues = issues.forSymbol(upper, days);
      const symbolActions = actions
        .forSymbol(upper)
        .filter((action) => (days.from === undefined || action.day >= days.from) && (days.to === undefined || action.day <= days.to))
        .map((action) => ({
          date: formatIsoDate(action.day),
          kind: action.kind,
          ratio: action.kind === 'split' ? `${action.numerator}:${action.denominator}` : null,
          cashAmount: action.kind === 'dividend' ? action.cashAmount : null,
          source: action.source,
        }));
      return { symbol: upper, bars: [...symbolBars], issues: symbolIssues, actions: symbolActions };
    },
    'data:issues': ({ filter, limit, offset }) => issues.query(filter, { limit, offset }),
    'data:issues-csv': ({ filter }) => {
      const page = issues.query(filter, { limit: ISSUES_CSV_LIMIT, offset: 0 });
      return { csv: issuesToCsv(page.items), rows: page.items.length, truncated: page.total > page.items.length };
    },
    'data:preview': async ({ path: requested, rows }) => {
      const target = path.resolve(requested);
      if (!existsSync(target)) throw new AppError('NOT_FOUND', `No such file or folder: ${target}`, { path: target });
      const isDirectory = statSync(target).isDirectory();
      const files = isDirectory
        ? readdirSync(target, { withFileTypes: true })
            .filter((entry) => entry.isFile() && entry.name.toLowerCase().endsWith('.csv'))
            .map((entry) => ({ name: entry.name, bytes: statSync(path.join(target, entry.name)).size }))
            .sort((a, b) => a.name.localeCompare(b.name))
        : [{ name: path.basename(target), bytes: statSync(target).size }];
      const first = files[0];
      if (first === undefined) {
        return { path: target, kind: 'directory' as const, files: [], header: [], rows: [], detected: null, problems: ['The folder holds no .csv files.'] };
      }
      const preview = await previewFile(isDirectory ? path.join(target, first.name) : target, { rows, today: exchangeToday() });
      return {
        path: target,
        kind: isDirectory ? ('directory' as const) : ('file' as const),
        files: files.slice(0, DIRECTORY_LISTING_LIMIT),
        header: [...preview.header],
        rows: preview.rows.map((row) => [...row]),
        detected: preview.format === null ? null : { ...preview.format, mapping: { ...preview.format.mapping } },
        problems: preview.problems.map((problem) => problem.message),
      };
    },
    'data:import': (request) => {
      const { jobId, result } = startImport(request, 'user');
      // The outcome reaches the UI as a data:imported event; the failure is logged by the job.
      result.catch((error: unknown) => logger.debug({ jobId, err: error }, 'import job ended with an error'));
      return { jobId };
    },
    'data:cache-metrics': () => {
      const metrics = service.metrics();
      return { hits: metrics.hits, misses: metrics.misses, evictions: metrics.evictions, expirations: metrics.expirations, size: metrics.size };
    },
  };

  return {
    handlers,
    service,
    startImport,
    async start() {
      if (!config.data.importSampleOnFirstStart || datasets.count() > 0) return;
      const dir = sampleDir(deps.resourcesDir);
      if (!existsSync(path.join(dir, 'prices'))) {
        logger.warn({ dir }, 'bundled sample data not found; starting with an empty store');
        return;
      }
      logger.info({ dir }, 'first start: importing the bundled sample in the background');
      const job = runImport(
        {
          path: path.join(dir, 'prices'),
          policy: 'lenient',
          adjustment: 'split',
          constituents: path.join(dir, 'constituents.csv'),
          sample: true,
        },
        'system',
        'data.sample-import',
      );
      sampleJob = job.result.catch((error: unknown) => logger.error({ err: error }, 'bundled sample import failed'));
    },
    async stop() {
      await sampleJob;
    },
  };
}
