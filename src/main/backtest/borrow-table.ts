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
}

export interface BorrowTerms {
  readonly available: boolean;
  readonly annualRate: number;
}

export class BorrowTable {
  private readonly bySymbol = new Map<string, { fromDay: EpochDay; entry: BorrowEntry }[]>();

  constructor(
    readonly generalCollateralRate: number,
    entries: readonly BorrowEntry[],
  ) {
    for (const entry of entries) {
      const list = this.bySymbol.get(entry.symbol) ?? [];
      list.push({ fromDay: epochDayFromIso(entry.from), entry });
      this.bySymbol.set(entry.symbol, list);
    }
    for (const list of this.bySymbol.values()) list.sort((a, b) => a.fromDay - b.fromDay);
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
