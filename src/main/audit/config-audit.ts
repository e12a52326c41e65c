import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { AppConfigInput } from '../../shared/domain/config';
import { saveConfig } from '../config/save-config';
import { createTradingMetaRepo } from '../store/repos/trading-meta.repo';
import type { AuditService } from './audit.service';
import type { AuditSurface } from './core/audit-actions';

/** trading_meta key: the config file as ArbDesk last wrote or accepted it. */
const CONFIG_SEEN_KEY = 'config.last-known';

const seenSchema = z.object({ sha256: z.string().nullable(), config: z.json().nullable() });
type Seen = z.infer<typeof seenSchema>;

function readConfigFile(file: string): { sha256: string | null; config: unknown } {
  if (!existsSync(file)) return { sha256: null, config: null };
  const bytes = readFileSync(file);
  // A file that is not JSON is still a change worth recording; the loader reports the syntax error.
  return { sha256: createHash('sha256').update(bytes).digest('hex'), config: jsonOrNull(bytes.toString('utf8')) };
}

function jsonOrNull(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** Dotted paths of every leaf that differs between two JSON values. */
export function changedKeys(before: unknown, after: unknown, prefix = ''): string[] {
  const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => changedKeys(before[key], after[key], prefix === '' ? key : `${prefix}.${key}`));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [prefix === '' ? '(root)' : prefix];
}

function profileOf(config: unknown): string {
  const profile = config !== null && typeof config === 'object' ? (config as Record<string, unknown>)['profile'] : undefined;
  // The schema's default: a file without the key runs in paper.
  return typeof profile === 'string' ? profile : 'paper';
}

function record(audit: AuditService, file: string, before: Seen, after: { sha256: string; config: unknown }, who: { actor: string; surface: AuditSurface; reason: string | null }): void {
  audit.append({
    actor: who.actor,
    surface: who.surface,
    action: 'config.write',
    subject: file,
    reason: who.reason,
    before: { sha256: before.sha256, config: before.config },
    after: { sha256: after.sha256, config: after.config as z.core.util.JSONType },
    // No file is the empty object (defaults), so the first write lists its keys, not "(root)".
    details: { changedKeys: changedKeys(before.config ?? {}, after.config ?? {}) },
  });
  const from = profileOf(before.config);
  const to = profileOf(after.config);
  if (from !== to) audit.append({ actor: who.actor, surface: who.surface, action: 'profile.switch', subject: file, reason: who.reason, before: { profile: from }, after: { profile: to } });
}

/**
 * Every config write ArbDesk makes goes through here (UI, CLI): the file is saved
 * atomically, then the change is audited with before/after and the changed keys (config
 * holds no secrets: the loader refuses secret-looking keys), plus profile.switch when the
 * profile changed. The new hash is remembered so the next start does not take it for a
 * hand edit.
 */
export function writeConfigAudited(options: {
  readonly file: string;
  readonly next: AppConfigInput;
  readonly audit: AuditService;
  readonly tradingDb: Database.Database;
  readonly actor: string;
  readonly surface: AuditSurface;
  readonly reason: string | null;
  readonly now?: () => number;
}): void {
  const now = options.now ?? Date.now;
  const before = readConfigFile(options.file);
  saveConfig(options.file, options.next);
  const after = readConfigFile(options.file);
  if (after.sha256 === null) return;
  record(options.audit, options.file, { sha256: before.sha256, config: before.config as Seen['config'] }, { sha256: after.sha256, config: after.config }, options);
  createTradingMetaRepo(options.tradingDb).set(CONFIG_SEEN_KEY, { sha256: after.sha256, config: after.config }, now());
}

/**
 * At start: compares config.json with the version ArbDesk last knew. A difference is a hand
 * edit (or a write by another tool) and is audited as config.write by actor "hand-edit".
 * The first start only records the baseline. Returns true when a hand edit was recorded.
 */
export function detectConfigHandEdit(options: { readonly file: string; readonly audit: AuditService; readonly tradingDb: Database.Database; readonly now?: () => number }): boolean {
  const now = options.now ?? Date.now;
  const meta = createTradingMetaRepo(options.tradingDb);
  const current = readConfigFile(options.file);
  const stored = seenSchema.safeParse(meta.get(CONFIG_SEEN_KEY));
  const remember = (): void => meta.set(CONFIG_SEEN_KEY, { sha256: current.sha256, config: current.config }, now());
  if (!stored.success) {
    remember();
    return false;
  }
  if (stored.data.sha256 === current.sha256) return false;
  if (current.sha256 === null) {
    // The file was deleted: defaults apply from now on. Not a config.write (there is no new
    // content to hash); the log line says so and the baseline moves on.
    remember();
    return false;
  }
  record(options.audit, options.file, stored.data, { sha256: current.sha256, config: current.config }, { actor: 'hand-edit', surface: 'file', reason: 'config.json changed outside ArbDesk (detected by hash at start)' });
  remember();
  return true;
}
