import { createHash } from 'node:crypto';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { AdjustmentBasis } from '../../../shared/domain/market-data';
import { AppError, isAppError } from '../../../shared/ipc/errors';
import type { DatasetRecord, StoredIssue } from '../../core/market/market-records';
import { DataIssuesRepo } from '../../store/repos/data-issues.repo';
import type { FormatSpec, ImportIssue, ImportPolicy, ImportThresholds } from '../core/pipeline-types';
import type { EpochDay } from '../../core/time/epoch-day';
import { readConstituents, type ConstituentsLookup } from './constituents-reader';
import { fileFailureError, unreadableFileIssue } from './file-issues';
import { resolveImportInputs } from './import-inputs';
import { parseInputs, strictRowError, type ParsedFile } from './parse-inputs';
import { validateImportSeries } from './validate-step';
import type { HeldSymbol, RefusedSymbol } from './symbol-intake';
import { writeDataset } from './write-dataset';


export interface ImportProgress {
  /** `parse` reads files (nothing written yet); `write` runs inside the one transaction. */
  readonly phase: 'parse' | 'write';
  readonly filesDone: number;
  readonly filesTotal: number;
  /** Parse: accepted rows so far. Write: bars inserted or changed so far. */
  readonly rows: number;
  readonly symbolsDone: number;
  readonly symbolsTotal: number;
}

export interface ImportPathOptions {
  readonly policy: ImportPolicy;
  readonly adjustment: AdjustmentBasis;
  readonly thresholds: ImportThresholds;
  /** The exchange's today (New York); later bars are future_date errors. */
  readonly today: EpochDay;
  /** Explicit layout; detected per file when absent. */
  readonly format?: FormatSpec;
  /** Stable key of this input's versions; defaults to the absolute path. */
  readonly source?: string;
  /** Constituents list for names and sectors: a path, null for none, absent to look beside the prices. */
  readonly constituents?: string | null;
  /** Clock for `imported_at` (epoch ms). */
  readonly now?: () => number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ImportProgress) => void;
  /** Runs after a commit that created a dataset (not after a no-op): cache invalidation hangs here. */
  readonly onCommitted?: (result: ImportResult) => void;
}

/** What an import did (domain types; the IPC edge makes the wire report from it). */
export interface ImportResult {
  readonly dataset: DatasetRecord;
  readonly noOp: boolean;
  readonly issueSummary: Readonly<Record<string, number>>;
  /** The first rejected rows and files (errors), for the report. */
  readonly rejectedSample: readonly StoredIssue[];
  /** Symbols whose bars were held as conflicts with another source (none applied). */
  readonly held: readonly HeldSymbol[];
  /** Symbols not imported because their basis could not be converted to the series'. */
  readonly refused: readonly RefusedSymbol[];
  /** Symbols whose stored bars were inserted or changed. */
  readonly changedSymbols: readonly string[];
  readonly constituentsFile: string | null;
}

const rejectedSampleSize = 100;

/**
 * Imports a CSV file or a directory of them (non-recursive) as a new version of its source.
 *
 * Why parse first, then write: better-sqlite3 runs a transaction function synchronously,
 * so async file reading cannot happen inside it. Holding a raw `BEGIN IMMEDIATE` open across
 * awaits instead would put every other statement issued on the shared connection meanwhile
 * (audit entries, the kill-switch state) inside the import's transaction, to be rolled back
 * with it. So all files are parsed and validated into compact typed arrays (about 48 bytes a
 * row, ~30 MB for the full 619k-row S&P set) with nothing written, and then ONE synchronous
 * `BEGIN IMMEDIATE` transaction writes everything. A crash or kill at any point leaves the
 * store exactly as it was: before the transaction nothing was written, and SQLite discards
 * an uncommitted WAL transaction on the next open.
 *
 * Policies: `strict` throws AppError (VALIDATION_FAILED naming file, line and field, or the
 * file's own error) on the first error and writes nothing; `lenient` writes the good rows and
 * records every rejected row and unreadable file as a data issue. Re-importing input with the
 * same hash as the source's latest version is a no-op that reports that version.
 *
 * Throws AppError: NOT_FOUND (the path does not exist), VALIDATION_FAILED, UNAVAILABLE,
 * CANCELLED (signal), and whatever a failed write raises (the transaction is rolled back).
 */
export async function importPath(store: { readonly db: Database.Database }, input: string, options: ImportPathOptions): Promise<ImportResult> {
  const inputs = await resolveImportInputs(input, options.constituents);
  if (inputs.files.length === 0) {
    throw new AppError('VALIDATION_FAILED', `No .csv files to import in ${inputs.root}.`, { path: inputs.root });
  }
  const progress = (update: Omit<ImportProgress, 'filesTotal'>): void =>
    options.onProgress?.({ ...update, filesTotal: inputs.files.length });

  const parsed = await parseInputs(inputs.files, {
    policy: options.policy,
    today: options.today,
    ...(options.format === undefined ? {} : { format: options.format }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    onProgress: (p) => progress({ phase: 'parse', filesDone: p.filesDone, rows: p.rows, symbolsDone: 0, symbolsTotal: 0 }),
  });
  const issues: ImportIssue[] = [...inputs.skipped, ...parsed.issues];
  const constituents = await loadConstituents(inputs.constituentsFile, options.policy, issues);

  const validated = validateImportSeries(parsed.buffers.drain(), {
    thresholds: options.thresholds,
    files: inputs.files,
  });
  if (options.policy === 'strict') {
    const firstError = validated.issues.find((issue) => issue.severity === 'error');
    if (firstError !== undefined) throw strictRowError(firstError);
  }
  issues.push(...validated.issues);
  if (options.signal?.aborted === true) {
    throw new AppError('CANCELLED', `Import of ${inputs.root} was cancelled; nothing was written.`, { path: inputs.root });
  }

  const source = options.source ?? inputs.root;
  const write = writeDataset(
    store.db,
    {
      source,
      sha256: inputHash(inputs.kind, parsed.files, constituents),
      format: formatName(parsed.files),
      adjustment: options.adjustment,
      policy: options.policy,
      importedAt: (options.now ?? Date.now)(),
      series: validated.series,
      files: inputs.files,
      issues,
      rowsRead: parsed.rowsRead,
      rowsRejected: parsed.rowsRejected + validated.rejected,
      splits: validated.splits,
      constituents: constituents?.lookup ?? null,
      reconcileTolerance: options.thresholds.reconcileTolerance,
      splitRatioTolerance: options.thresholds.splitRatioTolerance,
    },
    {
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      onProgress: (p) =>
        progress({ phase: 'write', filesDone: inputs.files.length, rows: p.barsWritten, symbolsDone: p.symbolsDone, symbolsTotal: p.symbolsTotal }),
    },
  );

  const result: ImportResult = {
    dataset: write.dataset,
    noOp: write.noOp,
    issueSummary: write.noOp ? write.dataset.issueSummary : summarize(write.issues),
    rejectedSample: write.noOp
      ? new DataIssuesRepo(store.db).query({ datasetId: write.dataset.id, severity: 'error' }, { limit: rejectedSampleSize, offset: 0 }).items
      : write.issues
          .filter((issue) => issue.severity === 'error')
          .slice(0, rejectedSampleSize)
          .map((issue) => ({ ...issue, datasetId: write.dataset.id })),
    held: write.held,
    refused: write.refused,
    changedSymbols: write.changedSymbols,
    constituentsFile: constituents?.file ?? null,
  };
  if (!write.noOp) options.onCommitted?.(result);
  return result;
}

async function loadConstituents(
  file: string | null,
  policy: ImportPolicy,
  issues: ImportIssue[],
): Promise<{ readonly file: string; readonly lookup: ConstituentsLookup; readonly sha256: string } | null> {
  if (file === null) return null;
  try {
    const lookup = await readConstituents(file);
    return { file, lookup, sha256: lookup.sha256 };
  } catch (error) {
    if (policy === 'strict' || (isAppError(error) && error.code === 'CANCELLED')) throw fileFailureError(file, error);
    issues.push(unreadableFileIssue(file, error));
    return null;
  }
}

/**
 * A single file's hash is the file's SHA-256. Otherwise it is the SHA-256 of a manifest of
 * `name<TAB>sha256` lines sorted by file name (file names carry the ticker, so a rename is a
 * change), with the constituents list included since it feeds names and sectors. A file that
 * could not be read enters as `unreadable`, so fixing it later is a change.
 */
function inputHash(
  kind: 'file' | 'directory',
  files: readonly ParsedFile[],
  constituents: { readonly file: string; readonly sha256: string } | null,
): string {
  const only = files[0];
  const onlyHash = only?.sha256 ?? null;
  if (kind === 'file' && constituents === null && files.length === 1 && onlyHash !== null) return onlyHash;
  const lines = files.map((f) => `${path.basename(f.file)}\t${f.sha256 ?? 'unreadable'}`);
  if (constituents !== null) lines.push(`constituents:${path.basename(constituents.file)}\t${constituents.sha256}`);
  lines.sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

function formatName(files: readonly ParsedFile[]): string {
  const names = [...new Set(files.map((f) => f.format).filter((name): name is string => name !== null))].sort();
  return names.length === 0 ? 'none' : names.join('+');
}

function summarize(issues: readonly ImportIssue[]): Record<string, number> {
  const summary: Record<string, number> = {};
  for (const issue of issues) summary[issue.kind] = (summary[issue.kind] ?? 0) + 1;
  return summary;
}
