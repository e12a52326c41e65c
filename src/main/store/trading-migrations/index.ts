import type { Migration } from '../migrations/migration';
import { tradingSchema } from './0001-trading-schema';
import { auditSignatures } from './0002-audit-signatures';
import { paperBroker } from './0003-paper-broker';
import { sessionRecording } from './0004-session-recording';

/** Every migration of the trading database (trading.sqlite), in order. Append only. */
export const tradingMigrations: readonly Migration[] = [tradingSchema, auditSignatures, paperBroker, sessionRecording];
