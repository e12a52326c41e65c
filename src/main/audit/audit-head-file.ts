import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { AppError } from '../../shared/ipc/errors';
import { writeFileAtomic } from '../config/atomic-write';

/**
 * The newest audit entry (id + hash) kept OUTSIDE the trading database, so cutting off the
 * newest rows (which the chain alone cannot show) is detected: a head file ahead of the
 * database, or naming a hash the database does not have at that id, is tampering or loss.
 * Written atomically after every committed append; a head behind the database is normal
 * (another process appended last and its write is the one that counts).
 */
export const auditHeadFileSchema = z.object({
  version: z.literal(1),
  id: z.number().int().positive(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  /** The key that signed it, or null when signing was off. */
  keyId: z.string().nullable(),
  /** Epoch ms the file was written. */
  writtenAt: z.number().int(),
});
export type AuditHeadFile = z.infer<typeof auditHeadFileSchema>;

export function readAuditHeadFile(file: string): AuditHeadFile | null {
  if (!existsSync(file)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new AppError('STORE_CORRUPT', `The audit head file ${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { file }, { cause: error });
  }
  const result = auditHeadFileSchema.safeParse(parsed);
  if (!result.success) throw new AppError('STORE_CORRUPT', `The audit head file ${file} does not have the expected fields: ${z.prettifyError(result.error)}`, { file });
  return result.data;
}

export function writeAuditHeadFile(file: string, head: Omit<AuditHeadFile, 'version'>): void {
  writeFileAtomic(file, `${JSON.stringify({ version: 1, ...head }, null, 2)}\n`);
}
