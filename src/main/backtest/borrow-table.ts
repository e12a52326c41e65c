import { epochDayFromIso, type EpochDay } from '../core/time/epoch-day';

/**
 * Short borrow from a dated per-symbol table the user can edit or import. A symbol with no
 * entry in force borrows at general collateral (GC); an entry sets a hard-to-borrow rate or
 * marks the borrow unavailable, which makes the simulated venue reject the short sale.
 */

export interface BorrowEntry {
  readonly symbol: string;
  /** ISO date from which the entry applies (until the symbol's next entry). */
  readonly from: string;
  /** Annual fee rate (0.05 = 5%/yr); absent means GC. */
  readonly rate?: number;
  readonly available: boolean;
  /**
   * A dated recall (audit 3.5): on `from`, every open short in the symbol is bought in at the
   * next fill. It does not change the terms; add an `available: false` entry to block
   * re-shorting.
   */
  readonly recall?: boolean;
}

export interface BorrowTerms {
  readonly available: boolean;
  readonly annualRate: number;
}

export class BorrowTable {
  private readonly bySymbol = new Map<string, { fromDay: EpochDay; entry: BorrowEntry }[]>();
  private readonly recalls = new Map<string, EpochDay[]>();

  constructor(
    readonly generalCollateralRate: number,
    entries: readonly BorrowEntry[],
  ) {
    for (const entry of entries) {
      if (entry.recall === true) {
        const days = this.recalls.get(entry.symbol) ?? [];
        days.push(epochDayFromIso(entry.from));
        this.recalls.set(entry.symbol, days);
        continue;
      }
      const list = this.bySymbol.get(entry.symbol) ?? [];
      list.push({ fromDay: epochDayFromIso(entry.from), entry });
      this.bySymbol.set(entry.symbol, list);
    }
    for (const list of this.bySymbol.values()) list.sort((a, b) => a.fromDay - b.fromDay);
  }

  /** True when a recall of `symbol` is dated after `afterDay` and on or before `upToDay`. */
  recalledBetween(symbol: string, afterDay: EpochDay, upToDay: EpochDay): boolean {
    return this.recalls.get(symbol)?.some((day) => day > afterDay && day <= upToDay) ?? false;
  }

  terms(symbol: string, day: EpochDay): BorrowTerms {
    const list = this.bySymbol.get(symbol);
    let current: BorrowEntry | undefined;
    if (list !== undefined) {
      for (const item of list) {
        if (item.fromDay > day) break;
        current = item.entry;
      }
    }
    if (current === undefined) return { available: true, annualRate: this.generalCollateralRate };
    return { available: current.available, annualRate: current.rate ?? this.generalCollateralRate };
  }
}
