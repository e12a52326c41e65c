import { AppError, assertNever, strictAssert } from '../../../shared/ipc/errors';
import type { Store } from '../../store/db';
import { CorporateActionsRepo, type CorporateAction } from '../../store/repos/corporate-actions.repo';
import { InstrumentsRepo } from '../../store/repos/instruments.repo';
import { formatIsoDate } from '../../core/time/epoch-day';
import type { ImportPolicy } from '../core/pipeline-types';
import type { ImportIssue } from '../core/pipeline-types';
import { formatRatio } from './action-fields';
import type { ActionLayoutName } from './action-layouts';
import type { ActionValue } from './action-row-checker';
import { parseActionsFile } from './parse-actions';

export interface ImportActionsOptions {
  readonly policy: ImportPolicy;
  readonly signal?: AbortSignal;
  /** Size cap for the file (default 50 MB); beyond it PAYLOAD_TOO_LARGE. */
  readonly maxBytes?: number;
}

export interface ImportActionsResult {
  readonly file: string;
  readonly layout: ActionLayoutName;
  /** Actions written (new, changed or unchanged; an upsert either way). */
  readonly saved: number;
  /** Of those, how many replaced an imported action with a different value. */
  readonly replaced: number;
  readonly rowsRead: number;
  readonly rowsRejected: number;
  /** Row issues (lenient policy) and `source_mismatch` warnings against inferred splits. */
  readonly issues: readonly ImportIssue[];
  /** Symbols that received at least one action, sorted. */
  readonly symbols: readonly string[];
}

/**
 * Imports a corporate-actions file as `source = 'imported'` actions (no dataset: the file is
 * not a price dataset). Everything is written in ONE `BEGIN IMMEDIATE` transaction, creating
 * instruments as needed, so a failure, a cancellation or a killed process leaves the table as
 * it was; with the strict policy any row error refuses the whole file before the store is
 * touched.
 *
 * A re-import replaces the stored imported value for the same (symbol, day, type): the newest
 * file wins, like bars. Inferred splits are kept beside imported ones (the price-basis code
 * prefers the imported action for the same day); where an inferred split on the same day has
 * a different ratio, a `source_mismatch` warning says so.
 *
 * Dividend amounts are cash per share as traded on the ex-date (see price-basis.ts): Yahoo's
 * dividend history is split-adjusted to the download date, which for a symbol that split
 * AFTER the dividend is not the traded amount. Such files should be converted before import.
 */
export async function importCorporateActions(store: Store, file: string, options: ImportActionsOptions): Promise<ImportActionsResult> {
  if (store.readonly) {
    throw new AppError('BAD_REQUEST', `Cannot import ${file}: the store ${store.path} is open read-only`, { file, store: store.path });
  }
  const parsed = await parseActionsFile(file, options);
  const issues: ImportIssue[] = [...parsed.issues];
  const write = store.db.transaction((): { saved: number; replaced: number } => {
    const instruments = new InstrumentsRepo(store.db);
    const actions = new CorporateActionsRepo(store.db);
    const ids = instruments.ensure(parsed.symbols);
    const storedBySymbol = new Map<string, readonly CorporateAction[]>();
    for (const symbol of parsed.symbols) storedBySymbol.set(symbol, actions.forSymbol(symbol));
    let replaced = 0;
    for (const { symbol, action, line } of parsed.actions) {
      if (options.signal?.aborted === true) {
        throw new AppError('CANCELLED', `Import of ${file} was cancelled; nothing was written.`, { file });
      }
      const instrumentId = ids.get(symbol);
      strictAssert(instrumentId !== undefined, `instrument id for ${symbol}`);
      const stored = storedBySymbol.get(symbol) ?? [];
      const previous = stored.find((a) => a.source === 'imported' && a.kind === action.kind && a.day === action.day);
      if (previous !== undefined && !sameValue(previous, action)) replaced++;
      const inferred = stored.find((a) => a.source === 'inferred' && a.kind === action.kind && a.day === action.day);
      if (inferred !== undefined && !sameValue(inferred, action)) {
        issues.push({
          kind: 'source_mismatch',
          severity: 'warning',
          symbol,
          day: action.day,
          detail: `imported ${describe(action)} differs from the ${describe(inferred)} inferred from prices; the imported one is used`,
          file,
          line,
          field: null,
        });
      }
      actions.save(instrumentId, toStored(action));
    }
    return { saved: parsed.actions.length, replaced };
  });
  const { saved, replaced } = write.immediate();
  return {
    file,
    layout: parsed.layout,
    saved,
    replaced,
    rowsRead: parsed.rowsRead,
    rowsRejected: parsed.rowsRejected,
    issues,
    symbols: parsed.symbols,
  };
}

function toStored(action: ActionValue): CorporateAction {
  switch (action.kind) {
    case 'split':
      return { ...action, source: 'imported', datasetId: null };
    case 'dividend':
      return { ...action, source: 'imported', datasetId: null };
    default:
      return assertNever(action, 'action value');
  }
}

function sameValue(a: ActionValue | CorporateAction, b: ActionValue): boolean {
  if (a.kind === 'split' && b.kind === 'split') return a.numerator / a.denominator === b.numerator / b.denominator;
  if (a.kind === 'dividend' && b.kind === 'dividend') return a.cashAmount === b.cashAmount;
  return false;
}

function describe(action: ActionValue | CorporateAction): string {
  return action.kind === 'split'
    ? `${formatRatio(action)} split on ${formatIsoDate(action.day)}`
    : `dividend of ${action.cashAmount} on ${formatIsoDate(action.day)}`;
}
