import path from 'node:path';
import { createAuditService, type AuditService } from '../../../src/main/audit/audit.service';
import { ManualClock } from '../../../src/main/core/time/clock';
import { ModelRegistry } from '../../../src/main/models/registry/model-registry';
import { migrations } from '../../../src/main/store/migrations';
import { modelRegistrySchema } from '../../../src/main/store/migrations/0007-model-registry';
import type { Migration } from '../../../src/main/store/migrations/migration';
import type { Store } from '../../../src/main/store/db';
import { ModelRegistryRepo } from '../../../src/main/store/repos/model-registry.repo';
import { tradingMigrations } from '../../../src/main/store/trading-migrations';
import { makeTempDatabasePath, openTestStore } from '../store/store-test-kit';

/**
 * The research migrations with the registry's 0007. Research migration 0006 belongs to the
 * backtest branch (bt-cli); until it is merged here an empty stand-in keeps versions
 * contiguous, in tests only (the app's list registers 0007 once 0006 exists).
 */
export function researchMigrationsWithRegistry(): readonly Migration[] {
  if (migrations.some((migration) => migration.version === 7)) return migrations;
  const hasSix = migrations.some((migration) => migration.version === 6);
  const gap: Migration = { version: 6, name: 'stand-in for 0006 (tests only)', up() {} };
  return [...migrations, ...(hasSix ? [] : [gap]), modelRegistrySchema];
}

export interface RegistryKit {
  readonly research: Store;
  readonly trading: Store;
  readonly audit: AuditService;
  readonly repo: ModelRegistryRepo;
  readonly registry: ModelRegistry;
  readonly clock: ManualClock;
  close(): void;
}

export function openRegistryKit(): RegistryKit {
  const { dir, cleanup } = makeTempDatabasePath();
  const research = openTestStore(path.join(dir, 'arbdesk.sqlite'), researchMigrationsWithRegistry());
  const trading = openTestStore(path.join(dir, 'trading.sqlite'), tradingMigrations);
  const clock = new ManualClock(1_700_000_000_000);
  const audit = createAuditService(trading.db, { now: () => clock.now() });
  const repo = new ModelRegistryRepo(research.db);
  const registry = new ModelRegistry(repo, audit, clock);
  return {
    research,
    trading,
    audit,
    repo,
    registry,
    clock,
    close() {
      research.close();
      trading.close();
      cleanup();
    },
  };
}
