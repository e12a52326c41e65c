import { stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../shared/ipc/errors';
import { readCheckedChunks, throwIfImportAborted } from '../csv/checked-chunks';
import { formatValue } from '../csv/field-parsers';
import { fileError, rethrowAsFileError } from '../csv/file-errors';
import { RecordReader } from '../csv/record-reader';
import { formatIsoDate } from '../../core/time/epoch-day';
import { strictRowError } from '../import/parse-inputs';
import type { ImportPolicy } from '../core/pipeline-types';
import type { ImportIssue } from '../core/pipeline-types';
import { formatRatio } from './action-fields';
import { detectActionLayout, type ActionLayout, type ActionLayoutName } from './action-layouts';
import { ActionRowChecker, type ActionValue, type ParsedAction } from './action-row-checker';

/**
 * Reads one corporate-actions file (layouts in action-layouts.ts) into validated actions and
 * row issues; nothing touches the store.
 *
 * Whole-file problems throw AppError VALIDATION_FAILED with `details.file` and
 * `details.problem` (empty, header only, unknown header, binary or non-UTF-8 bytes, CSV
 * syntax), NOT_FOUND for a missing file, PAYLOAD_TOO_LARGE beyond `maxBytes`, CANCELLED when
 * the signal fires. Row problems follow the policy: `strict` throws VALIDATION_FAILED naming
 * file, line and field at the first error; `lenient` returns them as issues and keeps the
 * good rows.
 *
 * Duplicates: one action per (symbol, day, type) can exist. A repeat with the same value is
 * dropped with a `duplicate_identical` info issue. A repeat with a DIFFERENT value is a
 * `duplicate_conflict` error, and the first row is withdrawn too (with its own issue): the
 * file contradicts itself, and keeping whichever came first would be a silent guess on a
 * number that rescales a whole price history.
 */

export interface ParseActionsOptions {
  readonly policy: ImportPolicy;
  readonly signal?: AbortSignal;
  /** Refuse larger files (PAYLOAD_TOO_LARGE); a corporate-actions file is kilobytes. */
  readonly maxBytes?: number;
}

export interface ParsedActionsFile {
  readonly file: string;
  readonly layout: ActionLayoutName;
  /** Accepted actions in file order. */
  readonly actions: readonly ParsedAction[];
  readonly issues: readonly ImportIssue[];
  /** Data rows, excluding the header and blank lines. */
  readonly rowsRead: number;
  /** Rows with a row-level error, plus rows withdrawn by a duplicate conflict. */
  readonly rowsRejected: number;
  /** Distinct symbols among accepted actions, sorted. */
  readonly symbols: readonly string[];
}

export const DEFAULT_MAX_ACTION_FILE_BYTES = 50 * 1024 * 1024;

const READ_CHUNK_BYTES = 64 * 1024;
// Ratios equal within float noise (14:2 versus 7:1) are the same split.
const RATIO_TOLERANCE = 1e-12;

export async function parseActionsFile(file: string, options: ParseActionsOptions): Promise<ParsedActionsFile> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_ACTION_FILE_BYTES;
  throwIfImportAborted(options.signal, file);
  const size = await stat(file).then(
    (s) => s.size,
    (error: unknown) => rethrowAsFileError(file, error),
  );
  if (size > maxBytes) throw tooLarge(file, size, maxBytes);

  const collector = new ActionCollector(file, options.policy);
  const reader = new RecordReader(file, collector.onRecord);
  let bytes = 0;
  const chunks = readCheckedChunks(file, {
    chunkBytes: READ_CHUNK_BYTES,
    // The file may grow after stat (a download still being written); the cap still holds.
    limit: { bytes: maxBytes, error: (read) => tooLarge(file, read, maxBytes) },
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  for await (const chunk of chunks) {
    bytes += chunk.length;
    reader.push(chunk);
  }
  await reader.finish();
  throwIfImportAborted(options.signal, file);
  return collector.result(bytes);
}

interface Entry {
  readonly parsed: ParsedAction;
  conflictLines: number[];
}

class ActionCollector {
  private layout: ActionLayout | null = null;
  private checker: ActionRowChecker | null = null;
  private readonly accepted: ParsedAction[] = [];
  private readonly issues: ImportIssue[] = [];
  private readonly byKey = new Map<string, Entry>();
  private conflictRows = 0;

  constructor(
    private readonly file: string,
    private readonly policy: ImportPolicy,
  ) {}

  readonly onRecord = (fields: string[], line: number): void => {
    if (this.checker === null) {
      this.layout = detectActionLayout(fields, this.file);
      this.checker = new ActionRowChecker(this.file, this.layout);
      return;
    }
    const rowActions: ParsedAction[] = [];
    const rowIssues: ImportIssue[] = [];
    this.checker.check(fields, line, rowActions, rowIssues);
    let conflicts = 0;
    for (const parsed of rowActions) if (!this.addAction(parsed, rowIssues)) conflicts++;
    if (rowActions.length > 0 && conflicts === rowActions.length) this.conflictRows++;
    for (const issue of rowIssues) {
      if (this.policy === 'strict' && issue.severity === 'error') throw strictRowError(issue);
      this.issues.push(issue);
    }
  };

  /** False when the action contradicts an earlier row (and so is rejected). */
  private addAction(parsed: ParsedAction, rowIssues: ImportIssue[]): boolean {
    const { action } = parsed;
    const key = `${parsed.symbol}\u0000${action.day}\u0000${action.kind}`;
    const existing = this.byKey.get(key);
    if (existing === undefined) {
      this.byKey.set(key, { parsed, conflictLines: [] });
      this.accepted.push(parsed);
      return true;
    }
    const first = existing.parsed;
    const base = { symbol: parsed.symbol, day: action.day, file: this.file, line: parsed.line, field: valueField(this.layout, action) };
    const what = `${action.kind} of ${parsed.symbol} on ${formatIsoDate(action.day)}`;
    if (sameValue(first.action, action)) {
      rowIssues.push({ ...base, kind: 'duplicate_identical', severity: 'info', detail: `repeats the ${what} of line ${first.line}; kept once` });
      return true;
    }
    existing.conflictLines.push(parsed.line);
    rowIssues.push({
      ...base,
      kind: 'duplicate_conflict',
      severity: 'error',
      detail: `${what} is ${describeValue(action)} here but ${describeValue(first.action)} on line ${first.line}; neither is imported`,
    });
    return false;
  }

  result(bytes: number): ParsedActionsFile {
    const { layout, checker } = this;
    if (layout === null || checker === null) {
      throw fileError(this.file, 'empty_file', bytes === 0 ? 'the file is empty' : 'the file has no header row and no data', { bytes });
    }
    if (checker.rowsRead === 0) throw fileError(this.file, 'header_only', 'the file has a header but no data rows', { bytes });

    const withdrawn = new Set<ParsedAction>();
    for (const entry of this.byKey.values()) {
      if (entry.conflictLines.length === 0) continue;
      const { parsed } = entry;
      withdrawn.add(parsed);
      this.issues.push({
        kind: 'duplicate_conflict',
        severity: 'error',
        symbol: parsed.symbol,
        day: parsed.action.day,
        detail: `${parsed.action.kind} of ${parsed.symbol} on ${formatIsoDate(parsed.action.day)} is contradicted on line(s) ${entry.conflictLines.join(', ')}; not imported`,
        file: this.file,
        line: parsed.line,
        field: valueField(layout, parsed.action),
      });
    }
    const actions = this.accepted.filter((a) => !withdrawn.has(a));
    // A withdrawn row counts as rejected only if nothing else on its line survived.
    const survivingLines = new Set(actions.map((a) => a.line));
    const withdrawnRows = new Set([...withdrawn].map((a) => a.line).filter((line) => !survivingLines.has(line)));
    return {
      file: this.file,
      layout: layout.name,
      actions,
      issues: this.issues,
      rowsRead: checker.rowsRead,
      rowsRejected: checker.rowsRejected + this.conflictRows + withdrawnRows.size,
      symbols: [...new Set(actions.map((a) => a.symbol))].sort(),
    };
  }
}

function sameValue(a: ActionValue, b: ActionValue): boolean {
  if (a.kind === 'split' && b.kind === 'split') {
    const ra = a.numerator / a.denominator;
    const rb = b.numerator / b.denominator;
    return Math.abs(ra - rb) <= RATIO_TOLERANCE * Math.max(ra, rb);
  }
  if (a.kind === 'dividend' && b.kind === 'dividend') return a.cashAmount === b.cashAmount;
  return false;
}

function describeValue(action: ActionValue): string {
  return action.kind === 'split' ? formatRatio(action) : `${formatValue(action.cashAmount)} per share`;
}

function valueField(layout: ActionLayout | null, action: ActionValue): string | null {
  const index = action.kind === 'split' ? layout?.ratio : layout?.amount;
  return index === undefined ? null : (layout?.header[index] ?? null);
}

function tooLarge(file: string, bytes: number, maxBytes: number): AppError {
  return new AppError(
    'PAYLOAD_TOO_LARGE',
    `${path.basename(file)}: ${bytes} bytes is more than the ${maxBytes}-byte limit for a corporate-actions file`,
    { file, bytes, maxBytes },
  );
}

