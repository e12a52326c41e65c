import { type AppConfig, type AppConfigInput, appConfigSchema } from '../../shared/domain/config';
import { writeFileAtomic } from './atomic-write';
import { configInvalidError } from './config-issues';

/**
 * Writes config.json atomically, owner-only (0o600): a temp file in the same directory is
 * written, fsynced and renamed over the target, so a crash leaves either the old or the new
 * file, never half of one. Pass the file's own settings, not the effective configuration,
 * or environment overrides would be baked into the file.
 */
export function saveConfig(file: string, config: AppConfig | AppConfigInput): void {
  const parsed = appConfigSchema.safeParse(config);
  if (!parsed.success) {
    throw configInvalidError(
      parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message, source: 'saveConfig' })),
    );
  }
  // The caller's object is written, not the parsed one, so defaults stay implicit and can evolve.
  writeFileAtomic(file, `${JSON.stringify(config, null, 2)}\n`);
}
