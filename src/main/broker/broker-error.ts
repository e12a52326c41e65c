import { AppError, assertNever, isAppError, type ErrorCode } from '../../shared/ipc/errors';

/**
 * The five ways a broker call fails, as the issue names them. Each is an AppError with its
 * own code, so the IPC layer, the CLI's exit status and the risk engine's error-burst count
 * all read the same thing; `kind` lets broker-side code switch exhaustively.
 *   rejected         the broker refused (its reason kept verbatim): the order never worked;
 *   rate_limited     refused before acting, retry after `retryAfterMs` when given;
 *   unavailable      the broker could not be reached: nothing was sent;
 *   auth_expired     the session's token expired: nothing was sent, the user signs in again;
 *   unknown_outcome  the request may have reached the broker (a timeout after sending): the
 *                    order's fate is unknown until reconciled, and resubmitting could double it.
 */
export type BrokerErrorKind = 'rejected' | 'rate_limited' | 'unavailable' | 'auth_expired' | 'unknown_outcome';

export const brokerErrorKinds: readonly BrokerErrorKind[] = ['rejected', 'rate_limited', 'unavailable', 'auth_expired', 'unknown_outcome'];

export function brokerErrorCode(kind: BrokerErrorKind): ErrorCode {
  switch (kind) {
    case 'rejected':
      return 'BROKER_REJECTED';
    case 'rate_limited':
      return 'RATE_LIMITED';
    case 'unavailable':
      return 'UNAVAILABLE';
    case 'auth_expired':
      return 'AUTH_EXPIRED';
    case 'unknown_outcome':
      return 'UNKNOWN_OUTCOME';
    default:
      return assertNever(kind, 'broker error kind');
  }
}

export interface BrokerErrorOptions {
  /** What was being asked: "place order P#1/y1", "cancel order …", "quotes AAPL,MSFT". */
  readonly request: string;
  /** The broker's own words (rejection reason, HTTP status text …). */
  readonly reason: string;
  readonly orderId?: string;
  readonly retryAfterMs?: number;
  readonly cause?: unknown;
}

export class BrokerError extends AppError {
  readonly kind: BrokerErrorKind;
  readonly reason: string;
  readonly request: string;
  readonly orderId: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(kind: BrokerErrorKind, options: BrokerErrorOptions) {
    super(
      brokerErrorCode(kind),
      `Broker ${kind.replace('_', ' ')} for ${options.request}: ${options.reason}`,
      {
        brokerError: kind,
        request: options.request,
        reason: options.reason,
        ...(options.orderId === undefined ? {} : { orderId: options.orderId }),
        ...(options.retryAfterMs === undefined ? {} : { retryAfterMs: options.retryAfterMs }),
      },
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'BrokerError';
    this.kind = kind;
    this.reason = options.reason;
    this.request = options.request;
    this.orderId = options.orderId;
    this.retryAfterMs = options.retryAfterMs;
  }

  /** True when the request certainly did nothing at the broker (safe to retry later). */
  get nothingSent(): boolean {
    return this.kind !== 'unknown_outcome';
  }
}

export function isBrokerError(value: unknown): value is BrokerError {
  return value instanceof BrokerError;
}

/**
 * What a failed broker call means for an order: a BrokerError keeps its kind; any other
 * failure (a bug, a socket error thrown raw) is treated as unknown_outcome, the only safe
 * reading when we cannot tell whether the broker acted.
 */
export function asBrokerError(error: unknown, request: string, orderId?: string): BrokerError {
  if (isBrokerError(error)) return error;
  const reason = isAppError(error) || error instanceof Error ? error.message : String(error);
  return new BrokerError('unknown_outcome', { request, reason, ...(orderId === undefined ? {} : { orderId }), cause: error });
}
