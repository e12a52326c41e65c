import path from 'node:path';
import type { Command } from 'commander';
import { installCrashPolicy } from '../../app/crash-policy';
import { createAppCore, defaultResourcesDir } from '../../app/create-app-core';
import { AppError } from '../../../shared/ipc/errors';
import { ensureAppDirs, resolveAppPaths } from '../../config/paths';
import { acquireInstanceLock, runningInstanceMessage } from '../../control/instance-lock';
import { createAccessToken } from '../../server/access-token';
import { startBrowserServer } from '../../server/browser-server';
import { hasDisplay, openInBrowser } from '../open-browser';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run ArbDesk in browser mode: serve the UI on 127.0.0.1 and print its URL')
    .option('--host <address>', 'loopback address to bind (127.0.0.1, ::1 or localhost)')
    .option('--port <number>', 'port to listen on (0 picks a free one)', (value) => Number.parseInt(value, 10))
    .option('--no-open', 'do not open the system browser')
    .action(async (options: { host?: string; port?: number; open: boolean }) => {
      // One trading instance per data directory: a second serve points to the first and leaves.
      const paths = resolveAppPaths(process.env);
      ensureAppDirs(paths);
      const instance = await acquireInstanceLock(paths, { transport: 'browser' });
      if (instance.kind === 'running') {
        process.stdout.write(`${runningInstanceMessage(instance, paths.home)}\n`);
        return;
      }
      if (instance.kind === 'unresponsive') {
        throw new AppError('UNAVAILABLE', runningInstanceMessage(instance, paths.home), { home: paths.home, pid: instance.info.pid });
      }
      const core = await createAppCore({ transport: 'browser', instance });
      // From here on an uncaught failure halts trading durably and exits 70 (crash-policy.ts).
      const uninstallCrashPolicy = installCrashPolicy(
        { logger: core.logger, haltTrading: (reason, actor) => core.haltTrading(reason, actor), flushLogs: () => core.logs.flush() },
        { exit: (code) => process.exit(code) },
      );
      const serverConfig = core.config.config.server;
      const server = await startBrowserServer({
        host: options.host ?? serverConfig.host,
        port: options.port ?? serverConfig.port,
        token: createAccessToken(),
        staticRoot: path.resolve(defaultResourcesDir(), '..', 'dist', 'renderer'),
        registry: core.registry,
        events: core.events,
        logger: core.logs.child('server'),
        metrics: { metrics: core.metrics, scrapeToken: core.scrapeToken },
        onConnectionsChanged: (count) => core.risk.monitor.setUiConnected(count > 0),
      });
      core.setScrapeUrl(server.metricsUrl);
      // The URL carries this launch's token; it goes to the terminal and, over the owner-only
      // control channel, to a second launch on this data directory; never to the log file.
      core.setPublicUrl(server.url);
      process.stdout.write(`ArbDesk is running in browser mode at ${server.url}\n`);
      process.stdout.write(`Data: ${core.paths.home}   Press Ctrl+C to stop.\n`);
      if (options.open && serverConfig.openBrowser && hasDisplay()) openInBrowser(server.url);

      await new Promise<void>((resolve) => {
        const stop = (signal: string): void => {
          core.logger.info({ signal }, 'shutting down');
          resolve();
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
      });
      await server.close();
      await core.dispose();
      uninstallCrashPolicy();
    });
}
