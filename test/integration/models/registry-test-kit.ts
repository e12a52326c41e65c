import path from 'node:path';
import { createAuditService, type AuditService } from '../../../src/main/audit/audit.service';
import { ManualClock } from '../../../src/main/core/time/clock';
import { ModelRegistry } from '../../../src/main/models/registry/model-registry';
import { migrations } from '../../../src/main/store/migrations';
import type { Store } from '../../../src/main/store/db';
import { ModelRegistryRepo } from '../../../src/main/store/repos/model-registry.repo';
import { tradingMigrations } from '../../../src/main/store/trading-migrations';
import { makeTempDatabasePath, openTestStore } from '../store/store-test-kit';

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
  const research = openTestStore(path.join(dir, 'arbdesk.sqlite'), migrations);
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
