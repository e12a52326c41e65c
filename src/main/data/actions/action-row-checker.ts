import type { DataIssueKind } from '../../../shared/domain/market-data';
import { assertNever } from '../../../shared/ipc/errors';
import { cleanField, isMissingValue, parseDecimal } from '../csv/field-parsers';
import type { DateFormat } from '../../core/time/epoch-day';
import type { ImportIssue } from '../core/pipeline-types';
import type { EpochDay } from '../../core/time/epoch-day';
import { parseSymbol } from '../../../shared/domain/symbol';
import { parseActionDate, parseCashAmount, parseSplitRatio } from './action-fields';
import type { ActionLayout } from './action-layouts';

/** One action as a file states it, before it is tied to an instrument id. */
export type ActionValue =
  | { readonly kind: 'split'; readonly day: EpochDay; readonly numerator: number; readonly denominator: number }
  | { readonly kind: 'dividend'; readonly day: EpochDay; readonly cashAmount: number };

export interface ParsedAction {
  readonly symbol: string;
  readonly action: ActionValue;
  /** 1-based source line. */
  readonly line: number;
}

/** An action type outside split|dividend: a value outside its allowed set. */
export const UNKNOWN_TYPE_KIND: DataIssueKind = 'bad_value';

/**
 * Turns one record into zero or more actions (a yfinance `actions` row may carry a split
 * and a dividend) or into issues. A row with any error is rejected whole, and every bad
 * field in it is reported. Duplicates across rows are the parser's business, not this one's.
 *
 * Dates: the first readable date fixes the file's convention (ISO or US month-first); a
 * later date in the other convention is `mixed_date_formats`, because 03/04/2015 cannot be
 * trusted once a file mixes them (the bar importer's rule).
 */
export class ActionRowChecker {
  rowsRead = 0;
  rowsRejected = 0;
  private dateFormat: DateFormat | null = null;
  private dateFormatLine = 0;

  constructor(
    private readonly file: string,
    private readonly layout: ActionLayout,
  ) {}

  check(fields: readonly string[], line: number, out: ParsedAction[], issues: ImportIssue[]): void {
    if (fields.every((f) => cleanField(f).length === 0)) return;
    this.rowsRead++;
    const rowIssues: ImportIssue[] = [];
    const { layout } = this;
    const header = (index: number | undefined): string | null => (index === undefined ? null : (layout.header[index] ?? null));
    const cell = (index: number | undefined): string => (index === undefined ? '' : cleanField(fields[index] ?? ''));
    let symbol: string | null = layout.fileSymbol ?? null;
    let day: EpochDay | null = null;
    const reject = (kind: DataIssueKind, field: string | null, detail: string): void => {
      rowIssues.push({ kind, severity: 'error', symbol, day, detail, file: this.file, line, field });
    };

    if (layout.symbol !== undefined) {
      const raw = cell(layout.symbol);
      if (raw.length === 0) {
        reject('missing_field', header(layout.symbol), 'the symbol is empty');
      } else {
        const parsed = parseSymbol(raw);
        if (parsed.ok) symbol = parsed.symbol;
        else reject('bad_symbol', header(layout.symbol), parsed.reason);
      }
    }
    const dateText = cell(layout.date);
    if (dateText.length === 0) {
      reject('missing_field', header(layout.date), 'the date is empty');
    } else {
      const date = parseActionDate(dateText);
      if (!date.ok) {
        reject('bad_date', header(layout.date), date.reason);
      } else if (this.dateFormat !== null && this.dateFormat !== date.value.format) {
        reject('mixed_date_formats', header(layout.date), `"${dateText}" is ${date.value.format.toUpperCase()} but line ${this.dateFormatLine} fixed the file's dates as ${this.dateFormat.toUpperCase()}`);
      } else {
        if (this.dateFormat === null) {
          this.dateFormat = date.value.format;
          this.dateFormatLine = line;
        }
        day = date.value.day;
      }
    }
    // Issues raised before the day was known still name the row's day when it parsed.
    const values = this.values(header, cell, reject);
    const finalIssues = rowIssues.map((issue) => (issue.day === null && day !== null ? { ...issue, day, symbol: issue.symbol ?? symbol } : issue));
    if (finalIssues.length > 0 || symbol === null || day === null) {
      this.rowsRejected++;
      issues.push(...finalIssues);
      return;
    }
    for (const value of values) out.push({ symbol, line, action: withDay(value, day) });
  }

  /** The row's action values without their day, per layout. */
  private values(
    header: (index: number | undefined) => string | null,
    cell: (index: number | undefined) => string,
    reject: (kind: DataIssueKind, field: string | null, detail: string) => void,
  ): DraftAction[] {
    const { layout } = this;
    const split = (): DraftAction[] => {
      const ratio = parseSplitRatio(cell(layout.ratio));
      if (ratio.ok) return [{ kind: 'split', ...ratio.value }];
      reject(isMissingValue(cell(layout.ratio)) ? 'missing_field' : 'bad_number', header(layout.ratio), ratio.reason);
      return [];
    };
    const dividend = (): DraftAction[] => {
      const amount = parseCashAmount(cell(layout.amount));
      if (amount.ok) return [{ kind: 'dividend', cashAmount: amount.value }];
      reject(isMissingValue(cell(layout.amount)) ? 'missing_field' : 'bad_number', header(layout.amount), amount.reason);
      return [];
    };
    switch (layout.name) {
      case 'yahoo-splits':
        return split();
      case 'yahoo-dividends':
        return dividend();
      case 'yahoo-actions':
        // 0 (or empty) in a column of the combined export means "no such event that day".
        return [...(isZeroOrEmpty(cell(layout.ratio)) ? [] : split()), ...(isZeroOrEmpty(cell(layout.amount)) ? [] : dividend())];
      case 'long': {
        const type = cell(layout.type).toLowerCase();
        if (type.length === 0) {
          reject('missing_field', header(layout.type), 'the action type is empty (expected split or dividend)');
          return [];
        }
        if (type === 'split' || type === 'splits' || type === 'stock split') {
          if (!isMissingValue(cell(layout.amount))) reject('bad_number', header(layout.amount), 'a split row must leave the amount empty; it is ambiguous otherwise');
          return split();
        }
        if (type === 'dividend' || type === 'dividends' || type === 'cash dividend') {
          if (!isMissingValue(cell(layout.ratio))) reject('bad_number', header(layout.ratio), 'a dividend row must leave the ratio empty; it is ambiguous otherwise');
          return dividend();
        }
        reject(UNKNOWN_TYPE_KIND, header(layout.type), `unknown action type "${cell(layout.type)}" (expected split or dividend)`);
        return [];
      }
      default:
        return assertNever(layout.name, 'action layout');
    }
  }
}

type DraftAction =
  | { readonly kind: 'split'; readonly numerator: number; readonly denominator: number }
  | { readonly kind: 'dividend'; readonly cashAmount: number };

function withDay(value: DraftAction, day: EpochDay): ActionValue {
  switch (value.kind) {
    case 'split':
      return { kind: 'split', day, numerator: value.numerator, denominator: value.denominator };
    case 'dividend':
      return { kind: 'dividend', day, cashAmount: value.cashAmount };
    default:
      return assertNever(value, 'action value');
  }
}

function isZeroOrEmpty(text: string): boolean {
  return isMissingValue(text) || parseDecimal(text) === 0;
}
