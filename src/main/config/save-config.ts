import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { type AppConfig, type AppConfigInput, appConfigSchema } from '../../shared/domain/config';
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
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  // The caller's object is written, not the parsed one, so defaults stay implicit and can evolve.
  const text = `${JSON.stringify(config, null, 2)}\n`;
  let renamed = false;
  try {
    // 'wx' refuses to follow a pre-planted file or symlink at the temp name.
    const fd = openSync(temp, 'wx', 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
    renamed = true;
  } finally {
    if (!renamed) rmSync(temp, { force: true });
  }
}
