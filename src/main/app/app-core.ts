import type { Logger } from 'pino';
import type { LoadedConfig } from '../config/load-config';
import type { AppPaths } from '../config/paths';
import type { EventBus } from '../events/event-bus';
import type { IpcRegistry, Transport } from '../ipc/handler-registry';
import type { JobManager } from '../jobs/job-manager';
import type { LogRoot } from '../logging/create-logger';
import type { AppMetrics } from '../metrics/app-metrics';
import type { ScrapeTokenSource } from '../metrics/scrape-token';
import type { Keychain } from '../secrets/keychain';
import type { AuditService } from '../audit/audit.service';
import type { Broker } from '../broker/broker-port';
import type { BrokerStatusHolder } from '../broker/broker-status';
import type { ChooseImportSource } from '../security/import-source';
import type { Store } from '../store/db';
import type { KillSwitch } from '../trading/kill-switch';
import type { WorkerPool } from '../workers/worker-pool';
import type { AcquireResult, InstanceLockInfo } from '../control/instance-lock';
import type { Capabilities } from './wire-capabilities';

/** The composition root's shape: how main is started (options) and what it hands its transports (the core). */

export interface AppCoreOptions {
  readonly transport: Transport;
  /** Overrides the environment (tests, the CLI); defaults to process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The user-data directory Electron reports; ARBDESK_HOME still wins. */
  readonly userDataDir?: string;
  /** Folder of bundled resources (sample data); defaults to the repository's resources/. */
  readonly resourcesDir?: string;
  /** Also log to stdout (the CLI in the foreground). */
  readonly logToStdout?: boolean;
  readonly electronVersion?: string | null;
  /** The desktop app's native open dialog; absent in browser mode, where typed paths are checked instead. */
  readonly chooseImportSource?: ChooseImportSource;
  /**
   * The instance lock, when the caller took it first (serve and Electron do, to point a second
   * launch to the running one before doing any work). Absent: taken here, and a running
   * instance makes this throw CONFLICT naming it.
   */
  readonly instance?: Extract<AcquireResult, { kind: 'acquired' }>;
  /** Load the audit signing key from the OS keychain (default true). */
  readonly auditSigning?: boolean;
  /** The broker the desk trades through, overriding the profile's (tests put a scripted broker at this boundary). */
  readonly broker?: Broker;
}

/** Everything main runs, wired once. Both transports and the CLI use the same core. */
export interface AppCore {
  readonly paths: AppPaths;
  readonly config: LoadedConfig;
  readonly logs: LogRoot;
  readonly logger: Logger;
  /** The research store (market data, scans, backtests). */
  readonly store: Store;
  /** trading.sqlite: trading state, sessions, the audit log. Only short transactions. */
  readonly tradingStore: Store;
  readonly events: EventBus;
  readonly registry: IpcRegistry;
  readonly killSwitch: KillSwitch;
  readonly broker: BrokerStatusHolder;
  readonly jobs: JobManager;
  readonly workers: WorkerPool;
  readonly keychain: Keychain;
  /** The one audit chain; every area appends through this. */
  readonly audit: AuditService;
  readonly data: Capabilities['data'];
  /** The one metrics registry: IPC latency, errors, job queue depth, event-loop lag. */
  readonly metrics: AppMetrics;
  /** The stable `/metrics` scrape token, kept in the OS keychain. */
  readonly scrapeToken: ScrapeTokenSource;
  /** Tells Settings where `/metrics` is served, once the browser server listens. */
  setScrapeUrl(url: string | null): void;
  readonly scanner: Capabilities['scanner'];
  /** The broker area: the paper broker (paper profile), quote feeds, market replay, session recording. */
  readonly brokerDesk: Capabilities['brokerDesk'];
  /** The Risk page's analytics over the broker desk and the stored closes. */
  readonly riskAnalytics: Capabilities['riskAnalytics'];
  /** The model lab: registry, training jobs, predictions, drift. */
  readonly models: Capabilities['models'];
  /** Alerts: persisted, deduplicated, pushed; `alerts.service` is the AlertSink every area raises through. */
  readonly alerts: Capabilities['alerts'];
  /** Pre-trade limits, automatic halts, the dead-man's switch; `risk.createRiskCheck` is the desk's risk port. */
  readonly risk: Capabilities['risk'];
  /** The live/paper desk: ticket, blotter, the kill switch's cancels and flatten. */
  readonly desk: Capabilities['desk'];
  /** The lock that makes this the one trading instance on its data directory. */
  readonly instance: InstanceLockInfo;
  /** Resolves once the audit signing key was loaded (or found unavailable). */
  readonly auditSignerReady: Promise<void>;
  /** The browser URL a second launch is pointed to (serve sets it once listening). */
  setPublicUrl(url: string | null): void;
  /** Called when a second launch asks this instance to show itself (Electron focuses its window). */
  onFocusRequest(listener: () => void): void;
  /** Engages the kill switch from outside the IPC contract (menu, global shortcut, signals). */
  haltTrading(reason: string, actor: string): Promise<void>;
  /**
   * Online backup of both databases into the backups folder; resolves to the research file
   * written (the trading file sits beside it, see tradingBackupPathFor).
   */
  backupDatabase(): Promise<string>;
  dispose(): Promise<void>;
}
