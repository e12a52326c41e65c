import type { Migration } from './migration';
import { coreSchema } from './0001-core-schema';
import { marketDataSchema } from './0002-market-data';
import { retireAuditLog } from './0003-retire-audit-log';
import { seriesBasisAndConflicts } from './0004-series-basis-and-conflicts';
import { scannerSchema } from './0005-scanner';
import { backtestsSchema } from './0006-backtests';
import { modelRegistrySchema } from './0007-model-registry';
import { researchRunsSchema } from './0008-research-runs';

/** Every migration in order. Append only. */
export const migrations: readonly Migration[] = [coreSchema, marketDataSchema, retireAuditLog, seriesBasisAndConflicts, scannerSchema, backtestsSchema, modelRegistrySchema, researchRunsSchema];
