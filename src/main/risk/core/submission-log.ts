import { orderFingerprint } from './checks/duplicate-order.check';
import type { PreTradeRequest } from './pre-trade-request';

/** Longest window any check looks back over: the per-minute rate. */
const RATE_WINDOW_MS = 60_000;

/**
 * What the order-rate and duplicate checks need from the past: when this desk submitted orders
 * and with what content. The desk records every order it dispatches (`record`) and hands the
 * two views to its pre-trade snapshot; entries older than the windows are dropped.
 */
export class SubmissionLog {
  private readonly times: number[] = [];
  private readonly fingerprints = new Map<string, number>();

  constructor(private readonly duplicateWindowMs: () => number) {}

  record(request: Pick<PreTradeRequest, 'pairId' | 'intent' | 'legs' | 'submittedAt'>): void {
    this.times.push(request.submittedAt);
    this.fingerprints.set(orderFingerprint(request), request.submittedAt);
  }

  /** Submission times within the last minute of `now`, oldest first. */
  recentSubmissions(now: number): readonly number[] {
    while (this.times.length > 0 && (this.times[0] ?? now) <= now - RATE_WINDOW_MS) this.times.shift();
    return this.times;
  }

  /** Order fingerprints with their latest submission, within the duplicate window of `now`. */
  recentFingerprints(now: number): ReadonlyMap<string, number> {
    const window = this.duplicateWindowMs();
    for (const [fingerprint, at] of this.fingerprints) if (at <= now - window) this.fingerprints.delete(fingerprint);
    return this.fingerprints;
  }
}
