import type { Session } from 'electron';
import type { Logger } from 'pino';
import { originOf } from './security-policy';

/**
 * Deny-all permission handling for a session. ArbDesk needs no camera, microphone,
 * geolocation, web notifications, clipboard-read, HID, USB or serial access: native
 * notifications come from main, not from the page. Without these handlers Electron grants
 * most permission requests by default.
 */
export function hardenSession(session: Session, logger: Logger): void {
  session.setPermissionRequestHandler(function onPermissionRequest(_webContents, permission, callback, details) {
    logger.warn({ permission, origin: originOf(details.requestingUrl) }, 'denied a permission request');
    callback(false);
  });
  // Checks are synchronous and frequent (every feature probe); they are denied without logging.
  session.setPermissionCheckHandler(function onPermissionCheck() {
    return false;
  });
  session.setDevicePermissionHandler(function onDevicePermission(details) {
    logger.warn({ deviceType: details.deviceType, origin: details.origin }, 'denied a device permission');
    return false;
  });
}
