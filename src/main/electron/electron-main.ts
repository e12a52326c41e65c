import { createAppCore } from '../app/create-app-core';
import { startElectronApp } from './app-lifecycle';

// The Electron entry point (bundled to dist/main/electron-main.cjs). It only wires: all
// behaviour lives in app-lifecycle.ts and the modules it composes, where it is tested.
startElectronApp({
  createCore: async ({ userDataDir, resourcesDir, electronVersion, chooseImportSource }) => {
    const core = await createAppCore({ transport: 'electron', userDataDir, resourcesDir, electronVersion, chooseImportSource });
    return Object.assign(core, {
      notificationFloor: core.config.config.alerts.osNotifications,
      onUiConnection: (connected: boolean) => core.risk.monitor.setUiConnected(connected),
    });
  },
});
