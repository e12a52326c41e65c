import type { Command } from 'commander';
import { readFileSync, existsSync } from 'node:fs';
import { AppError } from '../../../shared/ipc/errors';
import { writeConfigAudited } from '../../audit/config-audit';
import { loadConfig } from '../../config/load-config';
import { withStore } from '../with-store';
import { resolveAppPaths } from '../../config/paths';

export function registerConfigCommand(program: Command): void {
  const config = program.command('config').description('show or validate the configuration');
  config
    .command('show')
    .description('print the effective configuration (file plus ARBDESK_* overrides) as JSON')
    .action(() => {
      const loaded = loadConfig({ paths: resolveAppPaths(process.env), env: process.env });
      process.stdout.write(`${JSON.stringify({ file: loaded.path, overrides: loaded.overrides, config: loaded.config }, null, 2)}\n`);
    });
  config
    .command('validate')
    .description('check the configuration file and ARBDESK_* variables; exit 78 with each problem when invalid')
    .action(() => {
      const loaded = loadConfig({ paths: resolveAppPaths(process.env), env: process.env });
      process.stdout.write(`Configuration is valid (${loaded.path}${loaded.overrides.length > 0 ? `; overrides: ${loaded.overrides.join(', ')}` : ''}).\n`);
    });
  config
    .command('set')
    .description('set one key in config.json (dotted path, JSON or plain text value); validated, written atomically and audited (config.write, profile.switch)')
    .argument('<key>', 'dotted key, e.g. profile or store.busyTimeoutMs')
    .argument('<value>', 'JSON (5000, true, "text") or plain text')
    .option('--reason <text>', 'why, for the audit log')
    .action(async (key: string, value: string, options: { reason?: string }) => {
      const paths = resolveAppPaths(process.env);
      const current: Record<string, unknown> = existsSync(paths.configFile) ? (JSON.parse(readFileSync(paths.configFile, 'utf8')) as Record<string, unknown>) : {};
      const next = setPath(current, key, parseValue(value));
      await withStore(async (_store, context) => {
        writeConfigAudited({ file: paths.configFile, next, audit: await context.audit(), tradingDb: context.trading().db, actor: 'user:cli', surface: 'cli', reason: options.reason ?? null });
      });
      process.stdout.write(`Set ${key} in ${paths.configFile}.\n`);
    });
}

function parseValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Not JSON: plain text, so `config set profile live` works without quotes.
    return text;
  }
}

function setPath(target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const parts = key.split('.');
  if (parts.some((part) => !/^[A-Za-z][A-Za-z0-9_]*$/.test(part))) throw new AppError('BAD_REQUEST', `"${key}" is not a dotted config key such as store.busyTimeoutMs`, { field: 'key' });
  const copy = structuredClone(target);
  let node: Record<string, unknown> = copy;
  for (const part of parts.slice(0, -1)) {
    const child = node[part];
    node[part] = child !== null && typeof child === 'object' && !Array.isArray(child) ? child : {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts.at(-1) ?? key] = value;
  return copy;
}
