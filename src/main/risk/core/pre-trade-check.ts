import type { RiskCheck, RiskCheckResult, RiskDecision, RiskRequest } from '../../engine/risk-check';
import type { Clock } from '../../core/time/clock';
import type { RiskConfig } from '../../../shared/domain/risk';
import { reducesExposure } from './checks/exposure-math';
import { isPreTradeRequest, type PreTradeRequest, type PreTradeSnapshot, type PreTradeSnapshotSource } from './pre-trade-request';

/** What every named check receives: the order, the facts, and the limits in force. */
export interface CheckInput {
  readonly request: PreTradeRequest;
  readonly snapshot: PreTradeSnapshot;
  readonly config: RiskConfig;
}

/**
 * One named pre-trade check. It returns one result per thing it measured (e.g. one per leg),
 * each with its value and limit; it may throw, and the composer turns that into a failed
 * result under the check's name.
 */
export interface NamedCheck {
  readonly name: string;
  /** Closing orders skip exposure-type checks; rate, price, session and freshness still apply. */
  readonly appliesToClosing: boolean;
  evaluate(input: CheckInput): readonly RiskCheckResult[];
}

export function pass(name: string, value: number, limit: number, message: string): RiskCheckResult {
  return { name, passed: true, value, limit, message };
}

export function fail(name: string, value: number, limit: number, message: string): RiskCheckResult {
  return { name, passed: false, value, limit, message };
}

export function verdict(name: string, passed: boolean, value: number, limit: number, message: string): RiskCheckResult {
  return { name, passed, value, limit, message };
}

export interface PreTradeRiskCheckOptions {
  readonly checks: readonly NamedCheck[];
  readonly source: PreTradeSnapshotSource;
  /** Read on every check, so a `risk:limits-set` takes effect on the next order. */
  readonly config: () => RiskConfig;
  readonly clock: Clock;
  /** Every decision, for the ticket, `risk:decisions` and limit-breach alerts. */
  readonly onDecision?: (decision: RiskDecision, request: RiskRequest, at: number) => void;
  /** Where a throwing `onDecision` is reported (the decision itself stands). */
  readonly onListenerError?: (error: unknown) => void;
}

/**
 * The live desk's implementation of the engine's risk port: a list of named checks run in
 * order, all of them, so the ticket shows every number and not only the first failure. It
 * never throws and fails closed: a request without the desk's fields, a snapshot that cannot
 * be taken or a check that throws each become a failed result.
 */
export class PreTradeRiskCheck implements RiskCheck {
  constructor(private readonly options: PreTradeRiskCheckOptions) {}

  check(request: RiskRequest): RiskDecision {
    const decision = this.decide(request);
    try {
      this.options.onDecision?.(decision, request, this.options.clock.now());
    } catch (error) {
      // A listener (alerting, the decisions ring) failing must not change the decision or
      // break the port's never-throw promise; it is reported, not swallowed.
      this.options.onListenerError?.(error);
    }
    return decision;
  }

  private decide(request: RiskRequest): RiskDecision {
    if (!isPreTradeRequest(request)) {
      return { allowed: false, checks: [fail('request', Number.NaN, Number.NaN, `order for ${request.pairId} lacks the desk's fields (clientOrderId, forDay, submittedAt): failing closed`)] };
    }
    let input: CheckInput;
    try {
      input = { request, snapshot: this.options.source.snapshot(request), config: this.options.config() };
    } catch (error) {
      return { allowed: false, checks: [fail('snapshot', Number.NaN, Number.NaN, `could not gather the account and market facts for ${request.pairId}: ${messageOf(error)}`)] };
    }
    const results: RiskCheckResult[] = [];
    // A "close" skips the exposure limits only if it really shrinks every position it touches.
    const closing = request.intent === 'close' && reducesExposure(request, input.snapshot.positions);
    for (const check of this.options.checks) {
      if (closing && !check.appliesToClosing) continue;
      try {
        const produced = check.evaluate(input);
        if (produced.length === 0) results.push(fail(check.name, Number.NaN, Number.NaN, `${check.name} produced no result: failing closed`));
        else results.push(...produced);
      } catch (error) {
        results.push(fail(check.name, Number.NaN, Number.NaN, `${check.name} failed: ${messageOf(error)}`));
      }
    }
    return { allowed: results.length > 0 && results.every((result) => result.passed), checks: results };
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
