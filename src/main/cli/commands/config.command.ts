import type { Command } from 'commander';
import { loadConfig } from '../../config/load-config';
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
}
