import { z } from 'zod';

/** One audit entry as the UI shows it (hashes and signature status, never the signature bytes). */
export const auditEntrySchema = z.object({
  id: z.number().int(),
  /** Epoch ms, UTC. */
  at: z.number().int(),
  actor: z.string(),
  surface: z.string().nullable(),
  action: z.string(),
  subject: z.string().nullable(),
  reason: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  details: z.record(z.string(), z.unknown()),
  hash: z.string(),
  signed: z.boolean(),
  keyId: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditListQuerySchema = z.object({
  limit: z.number().int().min(1).max(500).default(100),
  /** Paging backwards: only entries with id < before. */
  before: z.number().int().positive().optional(),
  action: z.string().min(1).max(100).optional(),
  actor: z.string().min(1).max(200).optional(),
  /** Exact subject, or a prefix ending in '*'. */
  subject: z.string().min(1).max(500).optional(),
  since: z.number().int().optional(),
  until: z.number().int().optional(),
});

export const auditSigningStatusSchema = z.object({ enabled: z.boolean(), keyId: z.string().nullable(), detail: z.string() });
export type AuditSigningStatus = z.infer<typeof auditSigningStatusSchema>;

export const auditListResponseSchema = z.object({
  entries: z.array(auditEntrySchema),
  signing: auditSigningStatusSchema,
  /** The registered kinds, for the action filter. */
  actions: z.array(z.string()),
});

export const auditVerifyReportSchema = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  signed: z.number().int(),
  unsigned: z.number().int(),
  firstBadId: z.number().int().optional(),
  problem: z.string().optional(),
  head: z.object({
    state: z.enum(['ok', 'off', 'missing', 'ahead', 'mismatch', 'empty']),
    file: z.string().nullable(),
    fileHead: z.object({ id: z.number().int(), hash: z.string() }).nullable(),
    dbHead: z.object({ id: z.number().int(), hash: z.string() }).nullable(),
  }),
  signing: auditSigningStatusSchema,
});
export type AuditVerifyReport = z.infer<typeof auditVerifyReportSchema>;
