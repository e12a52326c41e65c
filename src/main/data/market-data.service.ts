import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { AppConfig } from '../../shared/domain/config';
import type { AdjustmentBasis } from '../../shared/domain/market-data';
import { AppError } from '../../shared/ipc/errors';
import type { DatasetRecord, HeldBarRecord, HeldSeriesRecord, InstrumentRecord, StoredIssue } from '../core/market/market-records';
import type { DayRange } from '../core/market/series';
import type { Clock } from '../core/time/clock';
import { exchangeDay } from '../core/time/exchange-time';
import type { JobResultRef } from '../../shared/domain/jobs';
import type { JobContext, StartedJob } from '../jobs/job-manager';
import type { Store } from '../store/db';
import type { AuditEvent } from '../audit/core/audit-actions';
import { BarsRepo, type DatasetDiff } from '../store/repos/bars.repo';
import { ConflictsRepo, type ConflictFilter } from '../store/repos/conflicts.repo';
import { CorporateActionsRepo, type CorporateAction } from '../store/repos/corporate-actions.repo';
import { DataIssuesRepo, type IssueFilter, type IssuePage } from '../store/repos/data-issues.repo';
import { DatasetsRepo } from '../store/repos/datasets.repo';
import { importCorporateActions, type ImportActionsResult } from './actions/import-actions';
import type { ResolveRequest, ResolveResult } from './conflicts/resolve-conflicts';
import type { ResolveTaskInput } from './conflicts/resolve-task';
import { previewFile, type FilePreview } from './csv/file-preview';
import type { ImportResult } from './import/import-path';
import { listImportFolder } from './import/import-inputs';
import type { ImportTaskInput } from './import/import-task';
import type { FormatSpec } from './core/pipeline-types';
import { LocalStoreProvider } from './service/local-store-provider';
import { MarketDataCache, type MarketDataMetrics } from './service/market-data-cache';
import type { BasisCloseMatrix, BasisSeries, CloseMatrixRequest, SeriesRequest } from './service/market-data-provider';

/** What a caller asks an import for; where the store is, its thresholds and today come from the service. */
export interface ImportRequest {
  readonly path: string;
  readonly policy: 'strict' | 'lenient';
  readonly adjustment: AdjustmentBasis;
  readonly format?: FormatSpec;
  readonly source?: string;
  /** Constituents list for names and sectors; absent: look beside the prices. */
  readonly constituents?: string;
  /** The bundled sample (its source is a stable label). */
  readonly sample?: boolean;
}

/** How an import task runs: on a worker thread in the app, in-process in the CLI. */
export type ImportRunner = (input: ImportTaskInput, context: JobContext) => Promise<ImportResult>;

/** How a conflict resolution runs: on a worker thread in the app, in-process in the CLI. */
export type ResolveRunner = (input: ResolveTaskInput, context: JobContext) => Promise<ResolveResult>;

/** Ports the service needs; each is satisfied by the real thing in the app and the CLI alike. */
export interface MarketDataServiceDeps {
  readonly store: Store;
  readonly config: Pick<AppConfig, 'data' | 'store'>;
  readonly clock: Clock;
  readonly logger: Pick<Logger, 'info' | 'debug' | 'warn' | 'error'>;
  readonly jobs: {
    start<T>(kind: string, runner: (context: JobContext) => Promise<T>, options?: { readonly resultRef?: (output: T) => JobResultRef | undefined }): StartedJob<T>;
  };
  readonly runImport: ImportRunner;
  readonly runResolve: ResolveRunner;
  /** The audit trail (one hash chain, owned by the audit service). */
  readonly audit: { append(entry: AuditEvent): unknown };
  /** Told when an import job ends, with its result or error (the app pushes data:imported). */
  readonly onImportFinished?: (jobId: string, outcome: { result: ImportResult } | { error: unknown }) => void;
  /**
   * Turns a path the caller named into the path that is read. The ONE place for it: the
   * file-access guard (issue 11 §10) is inserted here. Default: resolve against the cwd.
   */
  readonly resolvePath?: (requested: string, purpose: 'preview' | 'import') => Promise<string>;
}

export interface PreviewRequest {
  readonly path: string;
  readonly rows: number;
}

export interface PreviewResult {
  readonly path: string;
  readonly kind: 'file' | 'directory';
  /** The price files a folder import would read (constituents.csv excluded), with sizes. */
  readonly files: readonly { readonly name: string; readonly bytes: number }[];
  readonly preview: FilePreview | null;
  readonly problems: readonly string[];
}

export interface SymbolData {
  readonly symbol: string;
  readonly series: BasisSeries;
  readonly issues: readonly StoredIssue[];
  readonly actions: readonly CorporateAction[];
}

export interface ConflictView {
  readonly record: HeldSeriesRecord;
  readonly sample: readonly HeldBarRecord[];
}

const DIRECTORY_LISTING_LIMIT = 500;
const CONFLICT_SAMPLE = 5;

/**
 * Market data's one service: imports (as jobs), previews, datasets, bars, issues, held
 * conflicts and their resolution, and the basis-aware reads the scanner and engine use.
 * IPC (data.ipc.ts), the CLI (cli/commands/data.command.ts) and the first-start sample
 * import (data.module.ts) all call it, so an import is audited and invalidates the cache
 * the same way whoever asked for it.
 */
export class MarketDataService {
  readonly cache: MarketDataCache;
  private readonly datasets: DatasetsRepo;
  private readonly bars: BarsRepo;
  private readonly issues: DataIssuesRepo;
  private readonly actions: CorporateActionsRepo;
  private readonly conflicts: ConflictsRepo;
  private readonly resolvePath: (requested: string, purpose: 'preview' | 'import') => Promise<string>;

  constructor(private readonly deps: MarketDataServiceDeps) {
    const db = deps.store.db;
    this.cache = MarketDataCache.fromConfig(new LocalStoreProvider(deps.store), deps.config, () => deps.clock.now());
    this.datasets = new DatasetsRepo(db);
    this.bars = new BarsRepo(db);
    this.issues = new DataIssuesRepo(db);
    this.actions = new CorporateActionsRepo(db);
    this.conflicts = new ConflictsRepo(db);
    this.resolvePath = deps.resolvePath ?? (async (requested) => path.resolve(requested));
  }

  /** The exchange's today (New York) from the injected clock. */
  today(): number {
    return exchangeDay(this.deps.clock.now());
  }

  // ---- imports ------------------------------------------------------------------------

  /**
   * Starts an import job; resolves once the path is checked, with the job id and a promise
   * of its result. Throws NOT_FOUND (naming the path) before any job starts.
   */
  async startImport(request: ImportRequest, actor: string): Promise<{ jobId: string; result: Promise<ImportResult> }> {
    const target = await this.resolvePath(request.path, 'import');
    await statOrNotFound(target, `Nothing to import at ${target}: no such file or folder.`);
    const input: ImportTaskInput = {
      path: target,
      policy: request.policy,
      adjustment: request.adjustment,
      dbPath: this.deps.store.path,
      busyTimeoutMs: this.deps.config.store.busyTimeoutMs,
      thresholds: this.deps.config.data,
      today: this.today(),
      importedAt: this.deps.clock.now(),
      ...(request.format === undefined ? {} : { format: request.format }),
      ...(request.source === undefined ? {} : { source: request.source }),
      ...(request.constituents === undefined ? {} : { constituents: request.constituents }),
      ...(request.sample === true ? { sample: true } : {}),
    };
    const job = this.deps.jobs.start(request.sample === true ? 'data.sample-import' : 'data.import', (context) => this.deps.runImport(input, context), {
      resultRef: (imported) => ({ area: 'data.dataset', id: imported.dataset.id }),
    });
    const result = job.result.then(
      (imported) => {
        // The bars are committed whatever happens next: the report must reach the UI even if
        // auditing them fails, and that failure is then the caller's error, not a silence.
        try {
          this.afterImport(job.jobId, target, imported, actor);
        } catch (error) {
          this.deps.logger.error({ err: error, jobId: job.jobId, datasetId: imported.dataset.id }, 'import committed but its audit entry could not be written');
          this.deps.onImportFinished?.(job.jobId, { result: imported });
          throw error;
        }
        this.deps.onImportFinished?.(job.jobId, { result: imported });
        return imported;
      },
      (error: unknown) => {
        this.deps.onImportFinished?.(job.jobId, { error });
        throw error;
      },
    );
    return { jobId: job.jobId, result };
  }

  private afterImport(jobId: string, target: string, imported: ImportResult, actor: string): void {
    let invalidated = this.cache.invalidateSymbols(imported.changedSymbols);
    // A new version that changed no bar can still change issue counts in the instrument list.
    if (!imported.noOp && imported.changedSymbols.length === 0) {
      invalidated = this.cache.metrics().size;
      this.cache.clear();
    }
    this.deps.audit.append({
      actor,
      action: 'data.import',
      subject: target,
      details: {
        datasetId: imported.dataset.id,
        version: imported.dataset.version,
        noOp: imported.noOp,
        rowsAccepted: imported.dataset.rowsAccepted,
        rowsRejected: imported.dataset.rowsRejected,
        barsChanged: imported.dataset.barsChanged,
        heldSymbols: imported.held.map((h) => h.symbol),
        refusedSymbols: imported.refused.map((r) => r.symbol),
      },
    });
    this.deps.logger.info(
      { jobId, datasetId: imported.dataset.id, noOp: imported.noOp, held: imported.held.length, refused: imported.refused.length, invalidated },
      'import finished',
    );
  }

  /**
   * Imports a corporate-actions file (splits, dividends) in one transaction, audited. The
   * cached series of those symbols are dropped: a basis conversion depends on the actions.
   */
  async importActions(request: { readonly path: string; readonly policy: 'strict' | 'lenient' }, actor: string): Promise<ImportActionsResult> {
    const target = await this.resolvePath(request.path, 'import');
    const result = await importCorporateActions(this.deps.store, target, { policy: request.policy });
    this.cache.invalidateSymbols(result.symbols);
    this.deps.audit.append({
      actor,
      action: 'data.actions.import',
      subject: target,
      details: { saved: result.saved, replaced: result.replaced, symbols: result.symbols.length, rejected: result.rowsRejected },
    });
    return result;
  }

  /** Looks at a file or folder before import: the files an import would read, and the first one's rows. */
  async preview(request: PreviewRequest): Promise<PreviewResult> {
    const target = await this.resolvePath(request.path, 'preview');
    const info = await statOrNotFound(target, `No such file or folder: ${target}`);
    if (info.isDirectory()) {
      const listing = await listImportFolder(target);
      const files = await Promise.all(
        listing.files.slice(0, DIRECTORY_LISTING_LIMIT).map(async (file) => ({ name: file.name, bytes: await sizeOf(file.path) })),
      );
      const first = listing.files[0];
      if (first === undefined) return { path: target, kind: 'directory', files: [], preview: null, problems: ['The folder holds no .csv price files.'] };
      const preview = await previewFile(first.path, { rows: request.rows, today: this.today() });
      return { path: target, kind: 'directory', files, preview, problems: preview.problems.map((p) => p.message) };
    }
    const preview = await previewFile(target, { rows: request.rows, today: this.today() });
    return { path: target, kind: 'file', files: [{ name: path.basename(target), bytes: info.size }], preview, problems: preview.problems.map((p) => p.message) };
  }

  // ---- reads --------------------------------------------------------------------------

  datasetList(): DatasetRecord[] {
    return this.datasets.list();
  }

  datasetDiff(datasetId: number, limit: number): DatasetDiff {
    this.datasets.require(datasetId);
    return this.bars.diffDataset(datasetId, limit);
  }

  instruments(): Promise<readonly InstrumentRecord[]> {
    return this.cache.listInstruments();
  }

  /** One symbol's bars on its stored basis, with the issues and actions dated within the range. */
  async symbolData(symbol: string, range: DayRange): Promise<SymbolData> {
    const series = await this.cache.getSeries({ symbol, range });
    const inRange = (day: number): boolean => (range.from === undefined || day >= range.from) && (range.to === undefined || day <= range.to);
    return {
      symbol,
      series,
      issues: this.issues.forSymbol(symbol, range),
      actions: this.actions.forSymbol(symbol).filter((action) => inRange(action.day)),
    };
  }

  /** The series of one symbol on the basis the consumer needs (converted with the actions). */
  series(request: SeriesRequest): Promise<BasisSeries> {
    return this.cache.getSeries(request);
  }

  /** Aligned closes on one basis: what the scanner and the engine read. */
  closeMatrix(request: CloseMatrixRequest): Promise<BasisCloseMatrix> {
    return this.cache.getCloseMatrix(request);
  }

  issuePage(filter: IssueFilter, page: { readonly limit: number; readonly offset: number }): IssuePage {
    return this.issues.query(filter, page);
  }

  cacheMetrics(): MarketDataMetrics {
    return this.cache.metrics();
  }

  // ---- conflicts ----------------------------------------------------------------------

  conflictList(filter: ConflictFilter = {}): ConflictView[] {
    return this.conflicts.list(filter).map((record) => ({
      record,
      sample: record.status === 'held' ? this.conflicts.sample(record.datasetId, record.instrumentId, CONFLICT_SAMPLE) : [],
    }));
  }

  /**
   * Keeps the stored series or takes the held bars for one symbol, as a short job off the
   * main thread; each settled hold is a new version, audited. Rejects NOT_FOUND when nothing
   * is held, CONFLICT when `take` is ambiguous.
   */
  async resolveConflict(request: ResolveRequest, actor: string): Promise<ResolveResult> {
    const input: ResolveTaskInput = {
      dbPath: this.deps.store.path,
      busyTimeoutMs: this.deps.config.store.busyTimeoutMs,
      request,
      at: this.deps.clock.now(),
    };
    const job = this.deps.jobs.start('data.conflict-resolve', (context) => this.deps.runResolve(input, context), {
      resultRef: () => ({ area: 'data.conflicts', id: request.symbol }),
    });
    const result = await job.result;
    // Even a `keep` changes what the instrument list shows (the source's latest version).
    this.cache.invalidateSymbols([request.symbol]);
    for (const resolution of result.resolutions) {
      this.deps.audit.append({
        actor,
        action: 'data.conflict.resolve',
        subject: request.symbol,
        details: {
          choice: request.choice,
          heldDatasetId: resolution.held.datasetId,
          source: resolution.dataset.source,
          datasetId: resolution.dataset.id,
          version: resolution.dataset.version,
          barsInserted: resolution.dataset.barsInserted,
          barsChanged: resolution.dataset.barsChanged,
          factor: resolution.held.factor,
          classification: resolution.held.classification,
        },
      });
    }
    this.deps.logger.info({ symbol: request.symbol, choice: request.choice, resolutions: result.resolutions.length }, 'conflict resolved');
    return result;
  }
}

async function statOrNotFound(target: string, message: string): Promise<Stats> {
  try {
    return await stat(target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new AppError('NOT_FOUND', message, { path: target }, { cause: error });
    throw new AppError('UNAVAILABLE', `Cannot read ${target}: ${code ?? String(error)}.`, { path: target, errno: code ?? null }, { cause: error });
  }
}

/** A listed file's size; a dangling link (listed so the import reports it) counts as 0 bytes. */
async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ELOOP') return 0;
    throw error;
  }
}
