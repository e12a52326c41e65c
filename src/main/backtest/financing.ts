import type { EpochDay } from '../core/time/epoch-day';
import { roundCents, type Accrual, type Position } from '../engine/domain';
import type { MarkPrice } from '../engine/portfolio';
import type { BorrowTable } from './borrow-table';

/**
 * Daily financing: borrow fees, margin interest, the short rebate and dividends, plus the
 * Reg T / maintenance margin test. Conventions (also in docs/backtest.md):
 *   - accruals are overnight: at the start of session t they are charged on the books held
 *     since the close of the previous session, valued at that close, for the calendar days
 *     between the two sessions (a weekend is three days), at rate / 360 (money-market basis);
 *   - borrow fee = |short value| · rate(symbol, day) / 360 · days, GC unless the table says;
 *   - short rebate = |short value| · rebateRate / 360 · days (retail default 0);
 *   - margin interest on the debit balance max(0, |short value| − cash): short proceeds sit
 *     in cash as collateral, so only cash below them is borrowed;
 *   - dividends: on the ex-date, each book held overnight receives (long) or pays (short)
 *     amount × shares, with the amount on the stored basis. Only on a basis that is not
 *     dividend-adjusted: on split_dividend the caller passes none (that would double count);
 *   - maintenance requirement = maintenanceLong · long value + maintenanceShort · short value;
 *     equity below it is a margin call, answered by liquidating every pair at the next session.
 * Every amount is rounded to the cent when booked.
 */

export interface MarginConfig {
  readonly initial: number;
  readonly maintenanceLong: number;
  readonly maintenanceShort: number;
}

export interface FinancingConfig {
  readonly marginInterestRate: number;
  readonly shortRebateRate: number;
  readonly margin: MarginConfig;
}

const DAY_COUNT = 360;

export function overnightAccruals(input: {
  readonly day: EpochDay;
  readonly calendarDays: number;
  readonly positions: Iterable<Readonly<Position>>;
  readonly markOf: MarkPrice;
  readonly cash: number;
  readonly borrow: BorrowTable;
  readonly financing: FinancingConfig;
}): Accrual[] {
  const out: Accrual[] = [];
  const { day, calendarDays, financing } = input;
  let shortValue = 0;
  for (const position of input.positions) {
    if (position.quantity >= 0) continue;
    const mark = input.markOf(position.symbol);
    if (mark === undefined) continue;
    const value = -position.quantity * mark;
    shortValue += value;
    const rate = input.borrow.terms(position.symbol, day).annualRate;
    const fee = roundCents((value * rate * calendarDays) / DAY_COUNT);
    if (fee !== 0) out.push({ day, kind: 'borrow_fee', pairId: position.pairId, symbol: position.symbol, amount: -fee });
    const rebate = roundCents((value * financing.shortRebateRate * calendarDays) / DAY_COUNT);
    if (rebate !== 0) out.push({ day, kind: 'short_rebate', pairId: position.pairId, symbol: position.symbol, amount: rebate });
  }
  const debit = Math.max(0, shortValue - input.cash);
  const interest = roundCents((debit * financing.marginInterestRate * calendarDays) / DAY_COUNT);
  if (interest !== 0) out.push({ day, kind: 'margin_interest', pairId: '', symbol: '', amount: -interest });
  return out;
}

export function dividendAccruals(day: EpochDay, positions: readonly Position[], amountPerShare: (symbol: string) => number | undefined): Accrual[] {
  const out: Accrual[] = [];
  for (const position of positions) {
    const amount = amountPerShare(position.symbol);
    if (amount === undefined || position.quantity === 0) continue;
    const cash = roundCents(position.quantity * amount);
    if (cash !== 0) out.push({ day, kind: 'dividend', pairId: position.pairId, symbol: position.symbol, amount: cash });
  }
  return out;
}

export function maintenanceRequirement(longValue: number, shortValue: number, margin: MarginConfig): number {
  return margin.maintenanceLong * longValue + margin.maintenanceShort * shortValue;
}
