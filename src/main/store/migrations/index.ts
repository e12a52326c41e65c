import type { Migration } from './migration';
import { coreSchema } from './0001-core-schema';
import { marketDataSchema } from './0002-market-data';
import { seriesBasisAndConflicts } from './0003-series-basis-and-conflicts';

/** Every migration in order. Append only. */
export const migrations: readonly Migration[] = [coreSchema, marketDataSchema, seriesBasisAndConflicts];
