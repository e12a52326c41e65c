import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAppCore, type AppCore } from '../../src/main/app/create-app-core';
import { testImportFolders } from './import-folders';
import { createAccessToken } from '../../src/main/server/access-token';
import { startBrowserServer, type BrowserServer } from '../../src/main/server/browser-server';
import { makeTempHome } from './temp-home';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface InProcessApp {
  readonly core: AppCore;
  readonly server: BrowserServer;
  readonly token: string;
  readonly home: string;
  close(): Promise<void>;
}

/** The real core and browser server in this process, on a throwaway ARBDESK_HOME. */
export async function startInProcessApp(env: Record<string, string> = {}): Promise<InProcessApp> {
  const home = makeTempHome();
  const core = await createAppCore({
    transport: 'browser',
    env: { ...process.env, ARBDESK_HOME: home.dir, ARBDESK_DATA_IMPORT_SAMPLE_ON_FIRST_START: 'false', ARBDESK_DATA_IMPORT_FOLDERS: testImportFolders, ...env },
    // The signing key loads asynchronously and would add an audit.signing-key entry at an
    // unpredictable moment; tests that count entries need a fixed log (signing has its own tests).
    auditSigning: false,
  });
  const token = createAccessToken();
  const server = await startBrowserServer({
    host: '127.0.0.1',
    port: 0,
    token,
    staticRoot: path.join(repoRoot, 'dist', 'renderer'),
    registry: core.registry,
    events: core.events,
    logger: core.logs.child('server'),
    metrics: { metrics: core.metrics, scrapeToken: core.scrapeToken },
    // As `arbdesk serve` wires it: the dead-man's UI heartbeat counts only while a UI is connected.
    onConnectionsChanged: (count) => core.risk.monitor.setUiConnected(count > 0),
  });
  core.setScrapeUrl(server.metricsUrl);
  return {
    core,
    server,
    token,
    home: home.dir,
    async close() {
      await server.close();
      await core.dispose();
      home.cleanup();
    },
  };
}
