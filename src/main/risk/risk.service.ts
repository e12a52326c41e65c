import { readFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import { riskConfigSchema, type RiskConfig, type RiskDecisionRecord, type RiskMonitorStatus } from '../../shared/domain/risk';
import { AppError } from '../../shared/ipc/errors';
import type { Clock } from '../core/time/clock';
import type { RiskDecision, RiskRequest } from '../engine/risk-check';
import type { AlertSink } from '../alerts/alert-sink';
import { isPreTradeRequest } from './core/pre-trade-request';

const DECISIONS_KEPT = 500;

export interface RiskServiceOptions {
  readonly initial: RiskConfig;
  readonly configFile: string;
  /** The audited config write (audit/config-audit.ts writeConfigAudited, bound to this run). */
  readonly writeConfig: (next: Record<string, unknown>, actor: string, reason: string) => void;
  readonly alerts: AlertSink;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The monitor's view (heartbeats, watched sources, automatic halts). */
  readonly status: () => RiskMonitorStatus;
  readonly heartbeat: (at: number) => void;
  /** Age of each leg's quote when an order was checked (SLO: quote age). */
  readonly onQuoteAge?: (ms: number) => void;
}

/**
 * The risk area's one service: the limits in force (read by every pre-trade check, so a change
 * applies to the next order), their audited change, the recent decisions for the ticket and
 * the Risk page, and the UI heartbeat of the dead-man's switch.
 */
export class RiskService {
  private current: RiskConfig;
  private readonly decisions: RiskDecisionRecord[] = [];

  constructor(private readonly options: RiskServiceOptions) {
    this.current = options.initial;
  }

  config(): RiskConfig {
    return this.current;
  }

  limits(): { risk: RiskConfig; path: string } {
    return { risk: this.current, path: this.options.configFile };
  }

  /** Writes `risk` into config.json (the rest of the file untouched) and applies it. */
  async setLimits(next: RiskConfig, actor: string, reason: string): Promise<{ risk: RiskConfig; path: string }> {
    const parsed = riskConfigSchema.safeParse(next);
    if (!parsed.success) {
      throw new AppError('VALIDATION_FAILED', `Risk settings are invalid: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}.`, {});
    }
    const file = await readConfigObject(this.options.configFile);
    this.options.writeConfig({ ...file, risk: parsed.data }, actor, reason);
    this.current = parsed.data;
    this.options.logger.warn({ actor, reason }, 'risk limits changed');
    return this.limits();
  }

  /** The pre-trade check's listener: keeps the decision and alerts on a refused opening order. */
  recordDecision(decision: RiskDecision, request: RiskRequest, at: number): void {
    const record: RiskDecisionRecord = {
      time: at,
      pairId: request.pairId,
      intent: request.intent,
      clientOrderId: isPreTradeRequest(request) ? request.clientOrderId : null,
      allowed: decision.allowed,
      checks: decision.checks.map((check) => ({
        name: check.name,
        passed: check.passed,
        value: Number.isFinite(check.value) ? check.value : null,
        limit: Number.isFinite(check.limit) ? check.limit : null,
        message: check.message,
      })),
    };
    if (isPreTradeRequest(request)) for (const leg of request.legs) this.options.onQuoteAge?.(at - leg.quoteTime);
    this.decisions.unshift(record);
    if (this.decisions.length > DECISIONS_KEPT) this.decisions.length = DECISIONS_KEPT;
    if (decision.allowed) return;
    const failed = decision.checks.filter((check) => !check.passed);
    this.options.alerts.raise({
      kind: 'limit-breach',
      severity: 'warning',
      subject: request.pairId,
      title: `Order for ${request.pairId} refused by ${failed.map((check) => check.name).join(', ')}`,
      message: failed.map((check) => check.message).join('; '),
      dedupKey: `limit-breach:${request.pairId}:${failed.map((check) => check.name).join(',')}`,
      details: { checks: record.checks.filter((check) => !check.passed) },
    });
  }

  recentDecisions(limit: number): RiskDecisionRecord[] {
    return this.decisions.slice(0, limit);
  }

  status(): RiskMonitorStatus {
    return this.options.status();
  }

  heartbeat(): { at: number } {
    const at = this.options.clock.now();
    this.options.heartbeat(at);
    return { at };
  }
}

async function readConfigObject(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    // No config.json yet: defaults apply, and this write creates it.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    throw new AppError('CONFIG_INVALID', `${file} is not valid JSON (${error instanceof Error ? error.message : String(error)}); fix it before changing risk limits.`, { path: file });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new AppError('CONFIG_INVALID', `${file} does not hold a JSON object; fix it before changing risk limits.`, { path: file });
  }
  return value as Record<string, unknown>;
}
