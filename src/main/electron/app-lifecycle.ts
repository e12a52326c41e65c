import path from 'node:path';
import { app, dialog, ipcMain, session, shell, type BrowserWindow } from 'electron';
import type { ChooseImportSource } from '../security/import-source';
import { createImportSourceDialog } from './open-dialog';
import { pino, type Logger } from 'pino';
import { installCrashPolicy } from '../app/crash-policy';
import { isAppError } from '../../shared/ipc/errors';
import type { EventBus } from '../events/event-bus';
import type { IpcRegistry } from '../ipc/handler-registry';
import { serveAppProtocol, registerAppSchemeAsPrivileged } from './app-protocol';
import { registerIpcBridge, type IpcBridge } from './ipc-bridge';
import { createKillSwitch } from './kill-switch';
import { createMainWindow, revealWindow } from './main-window';
import { installApplicationMenu } from './menu';
import { registerNativeNotifications } from './notifications';
import { trustedOriginsFor } from './security-policy';
import { hardenSession } from './session-hardening';
import { registerKillSwitchShortcut } from './shortcuts';
import { hardenWebContents } from './web-contents-hardening';

/** What the Electron shell needs from the composition root; AppCore satisfies it. */
export interface ElectronCore {
  readonly registry: Pick<IpcRegistry, 'dispatch'>;
  readonly events: Pick<EventBus, 'subscribeAll'>;
  readonly logger: Logger;
  readonly paths: { readonly logDir: string };
  haltTrading(reason: string, actor: string): Promise<void>;
  dispose(): Promise<void>;
  /** Lets the crash policy flush the log before exiting; AppCore's log root. */
  readonly logs?: { flush(): Promise<void> };
  /** Optional on-demand backup; resolves to the file written. Adds File > Back Up Database. */
  backupDatabase?(): Promise<string>;
  /** A second launch on the same data directory (e.g. `arbdesk serve`) asks to see this instance. */
  onFocusRequest?(listener: () => void): void;
  /** Lowest alert severity shown as an OS notification (config alerts.osNotifications); 'critical' when absent. */
  readonly notificationFloor?: 'off' | 'info' | 'warning' | 'critical';
  /** Told when the window is gone (the dead-man's UI heartbeat stops counting); its heartbeats say it is back. */
  onUiConnection?(connected: boolean): void;
}

/** What the shell knows that the core needs: where data lives and where bundled resources are. */
export interface ElectronCoreRequest {
  /** ARBDESK_HOME when set, otherwise Electron's userData directory. */
  readonly userDataDir: string;
  /** process.resourcesPath when packaged (extraResources land there), else <repo>/resources. */
  readonly resourcesDir: string;
  readonly electronVersion: string | null;
  /** The native open dialog, the only way a path reaches main from the desktop renderer. */
  readonly chooseImportSource: ChooseImportSource;
}

export interface ElectronAppDependencies {
  readonly createCore: (request: ElectronCoreRequest) => Promise<ElectronCore>;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Logs until the core's logger exists (and for a failed start); stdout by default. */
  readonly bootLogger?: Logger;
  /** Where the crash policy listens for uncaught failures; the real process by default. */
  readonly crashEvents?: Pick<NodeJS.Process, 'on' | 'off'>;
}

/** Bundle locations relative to the app root (the asar in a packaged build). */
export const PRELOAD_BUNDLE = path.join('dist', 'main', 'preload.cjs');
export const RENDERER_DIR = path.join('dist', 'renderer');
export const APP_USER_MODEL_ID = 'com.arbdesk.app';

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Wires the Electron app around the core: one instance, sandbox everywhere, app:// before
 * ready, then session, protocol, IPC bridge, menu, kill-switch shortcut, notifications and
 * the window once ready. Shutdown disposes the core before the process exits.
 */
export function startElectronApp(dependencies: ElectronAppDependencies): void {
  const env = dependencies.env ?? process.env;
  // A second instance would open the same SQLite database and broker session: hand over and leave.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.enableSandbox();
  registerAppSchemeAsPrivileged();
  app.setAppUserModelId(APP_USER_MODEL_ID);

  const home = nonEmpty(env['ARBDESK_HOME']);
  // Chromium's own storage follows ARBDESK_HOME too, so test and portable profiles stay apart.
  // A relative value is left for the core to refuse with a proper CONFIG_INVALID message.
  if (home !== undefined && path.isAbsolute(home)) app.setPath('userData', home);
  // The dev server is honoured only in an unpackaged run; a shipped app always loads app://.
  const devServerUrl = app.isPackaged ? undefined : nonEmpty(env['ARBDESK_DEV_SERVER_URL']);

  let logger: Logger = dependencies.bootLogger ?? pino({ name: 'electron-boot' });
  let core: ElectronCore | undefined;
  let bridge: IpcBridge | undefined;
  let mainWindow: BrowserWindow | undefined;
  let trustedOrigins: readonly string[] = [];
  const stoppers: Array<() => void> = [];
  let shutdown: 'running' | 'disposing' | 'disposed' = 'running';

  app.on('second-instance', () => {
    if (mainWindow !== undefined) revealWindow(mainWindow);
  });
  // Defence in depth: every webContents, including any we did not create ourselves, is locked down.
  app.on('web-contents-created', (_event, webContents) => {
    hardenWebContents(webContents, { trustedOrigins, logger });
  });
  // Also on macOS: a trading app must not linger headless with live orders and no visible kill switch.
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    if (shutdown === 'disposed') return;
    event.preventDefault();
    if (shutdown === 'disposing') return;
    shutdown = 'disposing';
    void disposeAll().then(() => {
      shutdown = 'disposed';
      app.quit();
    });
  });
  app.on('will-quit', () => {
    for (const stop of stoppers.splice(0)) stop();
  });

  async function disposeAll(): Promise<void> {
    bridge?.dispose();
    try {
      await core?.dispose();
    } catch (error) {
      logger.error({ err: error }, 'the core failed to shut down cleanly');
    }
  }

  async function onReady(): Promise<void> {
    trustedOrigins = trustedOriginsFor(devServerUrl);
    const started = await dependencies.createCore({
      userDataDir: home ?? app.getPath('userData'),
      resourcesDir: app.isPackaged ? process.resourcesPath : path.join(app.getAppPath(), 'resources'),
      electronVersion: process.versions.electron ?? null,
      chooseImportSource: createImportSourceDialog(dialog, () => mainWindow ?? null),
    });
    core = started;
    logger = started.logger.child({ module: 'electron' });
    started.onFocusRequest?.(() => {
      if (mainWindow !== undefined) revealWindow(mainWindow);
    });
    if (shutdown !== 'running') {
      // The user quit while the core was starting (migrations can take a while): close it again.
      await disposeAll();
      return;
    }

    // An uncaught failure in main halts trading durably and exits 70, as `arbdesk serve` does.
    stoppers.push(
      installCrashPolicy(
        {
          logger,
          haltTrading: (reason, actor) => started.haltTrading(reason, actor),
          flushLogs: async () => started.logs?.flush(),
        },
        { exit: (code) => app.exit(code), ...(dependencies.crashEvents === undefined ? {} : { process: dependencies.crashEvents }) },
      ),
    );

    hardenSession(session.defaultSession, logger);
    serveAppProtocol(path.join(app.getAppPath(), RENDERER_DIR), logger);
    bridge = registerIpcBridge({
      ipcMain,
      registry: started.registry,
      events: started.events,
      logger,
      trustedOrigins,
    });

    const engageKillSwitch = createKillSwitch({
      haltTrading: (reason, actor) => started.haltTrading(reason, actor),
      logger,
    });
    installApplicationMenu({
      platform: process.platform,
      isPackaged: app.isPackaged,
      actions: {
        engageKillSwitch,
        openLogsFolder: () => openFolder(started.paths.logDir),
        ...(started.backupDatabase === undefined ? {} : { backupDatabase: () => void backUp(started) }),
      },
    });
    stoppers.push(registerKillSwitchShortcut(engageKillSwitch, logger));
    stoppers.push(
      registerNativeNotifications({
        events: started.events,
        logger,
        minSeverity: started.notificationFloor ?? 'critical',
        onClick: () => mainWindow !== undefined && revealWindow(mainWindow),
      }),
    );

    const window = createMainWindow({
      preloadPath: path.join(app.getAppPath(), PRELOAD_BUNDLE),
      isPackaged: app.isPackaged,
      ...(devServerUrl === undefined ? {} : { devServerUrl }),
      trustedOrigins,
      logger,
    });
    bridge.attach(window.webContents);
    mainWindow = window;
    window.on('closed', () => {
      mainWindow = undefined;
      started.onUiConnection?.(false);
    });
    logger.info({ devServer: devServerUrl !== undefined }, 'ArbDesk window created');
  }

  function openFolder(folder: string): void {
    shell.openPath(folder).then(
      (problem) => {
        if (problem !== '') logger.warn({ folder, problem }, 'could not open a folder');
      },
      (error: unknown) => logger.warn({ err: error, folder }, 'could not open a folder'),
    );
  }

  async function backUp(target: ElectronCore): Promise<void> {
    try {
      const file = await target.backupDatabase?.();
      logger.info({ file }, 'database backed up from the menu');
      if (file !== undefined) shell.showItemInFolder(file);
    } catch (error) {
      logger.error({ err: error }, 'the database backup failed');
      dialog.showErrorBox('Backup failed', describe(error));
    }
  }

  async function failStartup(error: unknown): Promise<void> {
    if (isAppError(error) && error.details?.['instanceRunning'] === true) {
      // Another instance (browser mode, or a desktop app on another userData path) holds this
      // data directory: point to it and leave without starting a second engine.
      logger.info({ home: error.details['home'] }, error.message);
      await dialog.showMessageBox({ type: 'info', title: 'ArbDesk is already running', message: error.message });
      app.exit(0);
      return;
    }
    // Nothing works without the core (corrupt database, database from a newer version, bad
    // config): say why in a box the user cannot miss, release what started, exit non-zero.
    logger.fatal({ err: error }, 'ArbDesk failed to start');
    dialog.showErrorBox('ArbDesk could not start', describe(error));
    for (const stop of stoppers.splice(0)) stop();
    await disposeAll();
    app.exit(1);
  }

  app.whenReady().then(onReady).catch(failStartup);
}
