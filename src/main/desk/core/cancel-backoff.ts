/**
 * The retry schedule of a halt's cancels when the broker does not answer. Bounded backoff:
 * the delay doubles from `initialMs` up to `maxMs` and then stays there, so a broker that
 * comes back is asked again within `maxMs`, and a dead one is not hammered. Retries go on
 * until the cancel is confirmed or `maxAttempts` is reached (then the order shows `failed`
 * and an alert says so; the halt itself holds locally regardless).
 */
export interface CancelBackoff {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly maxAttempts: number;
  /** How long an accepted cancel request may wait for the broker's confirmation before it is sent again. */
  readonly confirmTimeoutMs: number;
}

export const defaultCancelBackoff: CancelBackoff = { initialMs: 100, maxMs: 2_000, maxAttempts: 200, confirmTimeoutMs: 3_000 };

/** Delay before attempt `attempt + 1`, after `attempt` (≥ 1) failed attempts. */
export function retryDelay(attempt: number, backoff: CancelBackoff): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  return Math.min(backoff.initialMs * 2 ** exponent, backoff.maxMs);
}
