import path from 'node:path';
import pino from 'pino';
import { ManualClock } from '../../../src/main/core/time/clock';
import { exchangeInstant } from '../../../src/main/core/time/exchange-time';
import { epochDayFromIso } from '../../../src/main/core/time/epoch-day';
import { EventBus } from '../../../src/main/events/event-bus';
import { createAuditService, type AuditService } from '../../../src/main/audit/audit.service';
import { AlertsService } from '../../../src/main/alerts/alerts.service';
import { createMemoryAlertStore } from '../../../src/main/alerts/memory-alert-store';
import { KillSwitch } from '../../../src/main/trading/kill-switch';
import { createTradingStatePersistence } from '../../../src/main/trading/trading-state-persistence';
import { openTradingDatabase } from '../../../src/main/store/trading-db';
import { openDatabase, type Store } from '../../../src/main/store/db';
import { migrations } from '../../../src/main/store/migrations';
import { createRiskModule, type RiskModule } from '../../../src/main/risk/risk.module';
import type { FlattenOutcome, Flattener } from '../../../src/main/risk/flattener';
import { alertsConfigSchema } from '../../../src/shared/domain/alerts-config';
import { riskConfigSchema, type RiskConfigInput } from '../../../src/shared/domain/risk';
import type { AlertRecord } from '../../../src/shared/domain/alerts';

/** Tuesday 2026-12-01, 10:00 New York: the regular session is open. */
export const OPEN_AT = exchangeInstant(epochDayFromIso('2026-12-01'), 10 * 60);

/** The desk's flattener as the risk monitor sees it: records each call (the broker is out of scope here). */
export class RecordingFlattener implements Flattener {
  readonly calls: Array<{ op: 'cancel' | 'flatten'; scope: string; reason: string }> = [];
  constructor(private readonly outcome: FlattenOutcome = { cancelled: 2, unconfirmed: 0, flattened: 0, problems: [] }) {}
  async cancelAll(scope: string, reason: string): Promise<FlattenOutcome> {
    this.calls.push({ op: 'cancel', scope, reason });
    return this.outcome;
  }
  async flattenAll(scope: string, reason: string): Promise<FlattenOutcome> {
    this.calls.push({ op: 'flatten', scope, reason });
    return { ...this.outcome, flattened: 3 };
  }
}

export interface RiskKit {
  readonly clock: ManualClock;
  readonly risk: RiskModule;
  readonly killSwitch: KillSwitch;
  readonly audit: AuditService;
  readonly alerts: AlertRecord[];
  readonly flattener: RecordingFlattener;
  readonly trading: Store;
  close(): void;
}

/** The real kill switch, audit chain and trading database on `dir`, with the risk module over a manual clock. */
export function riskKit(dir: string, config: RiskConfigInput = {}, options: { flattener?: boolean; start?: number } = {}): RiskKit {
  const clock = new ManualClock(options.start ?? OPEN_AT);
  const logger = pino({ level: 'silent' });
  const research = openDatabase({ path: path.join(dir, 'arbdesk.sqlite'), busyTimeoutMs: 2000, migrations });
  const trading = openTradingDatabase({ path: path.join(dir, 'trading.sqlite'), busyTimeoutMs: 2000, research: research.db });
  const audit = createAuditService(trading.db);
  const events = new EventBus();
  const alerts: AlertRecord[] = [];
  events.subscribe('alerts:raised', (alert) => alerts.push(alert));
  const killSwitch = new KillSwitch({ profile: 'paper', persistence: createTradingStatePersistence(trading.db, audit), events, logger, now: () => clock.now() });
  const sink = new AlertsService({ store: createMemoryAlertStore(), events, clock, config: () => alertsConfigSchema.parse({}), logger });
  const risk = createRiskModule({
    config: riskConfigSchema.parse(config),
    configFile: path.join(dir, 'config.json'),
    writeConfig: () => undefined,
    alerts: sink,
    audit,
    killSwitch,
    clock,
    elapsed: () => performance.now(),
    logger,
    tickMs: 0,
  });
  const flattener = new RecordingFlattener();
  if (options.flattener !== false) risk.setFlattener(flattener);
  return {
    clock,
    risk,
    killSwitch,
    audit,
    alerts,
    flattener,
    trading,
    close() {
      trading.close();
      research.close();
    },
  };
}
