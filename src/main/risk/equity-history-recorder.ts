import type { EpochDay } from '../core/time/epoch-day';
import type { EquityPoint } from './analytics/risk-inputs';

/**
 * The account's equity per session, as the risk service sees it: one point per exchange day,
 * the latest mark of the day winning. The service records a point every time it reads the
 * balances, and the module records one after every replayed session, so the P&L, drawdown
 * and rolling Sharpe charts fill in as the desk trades.
 * Held in memory: a restart starts a fresh curve. The durable record of every session is the
 * broker's session recording (issue 14); reading equity history from it is the next step.
 */
export class EquityHistoryRecorder {
  private readonly byAccount = new Map<string, Map<EpochDay, number>>();

  record(accountId: string, day: EpochDay, equity: number): void {
    if (!Number.isFinite(equity)) return;
    const days = this.byAccount.get(accountId) ?? new Map<EpochDay, number>();
    days.set(day, equity);
    this.byAccount.set(accountId, days);
  }

  /** Ascending by day, up to and including `through` (no point from after the as-of day). */
  history(accountId: string, through: EpochDay): EquityPoint[] {
    const days = this.byAccount.get(accountId);
    if (days === undefined) return [];
    return [...days.entries()]
      .filter(([day]) => day <= through)
      .sort((a, b) => a[0] - b[0])
      .map(([day, equity]) => ({ day, equity }));
  }
}
