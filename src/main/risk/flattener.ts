/**
 * What an automatic halt asks the desk to do once HALTED holds. The desk (desk-live) provides
 * it over the broker port; the risk monitor only calls it. Both resolve with what happened per
 * order or position; neither may throw for a broker failure (it reports it in the outcome).
 */
export interface FlattenOutcome {
  /** Working orders whose cancel was sent (confirmed or not). */
  readonly cancelled: number;
  /** Cancels not yet confirmed by the broker (the desk keeps retrying them). */
  readonly unconfirmed: number;
  /** Positions for which a closing order was sent or queued for the open. */
  readonly flattened: number;
  /** Per-order or per-position failures, said in words. */
  readonly problems: readonly string[];
}

export interface Flattener {
  /** Cancels every working order in scope ('global', 'pair:Y/X', 'strategy:id'). */
  cancelAll(scope: string, reason: string): Promise<FlattenOutcome>;
  /** Cancels, then closes every position in scope; pairs are unwound as one unit. */
  flattenAll(scope: string, reason: string): Promise<FlattenOutcome>;
}
