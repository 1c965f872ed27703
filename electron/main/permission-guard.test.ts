import { describe, expect, it } from 'vitest';
import { ALLOWED_PERMISSIONS, denyUnusedPermissions, type PermissionSession } from './permission-guard.js';

/** The three handlers Electron's Session takes, caught as set. */
class FakeSession implements PermissionSession {
  request?: Parameters<PermissionSession['setPermissionRequestHandler']>[0];
  check?: Parameters<PermissionSession['setPermissionCheckHandler']>[0];
  device?: Parameters<PermissionSession['setDevicePermissionHandler']>[0];
  setPermissionRequestHandler(h: FakeSession['request']) {
    this.request = h;
  }
  setPermissionCheckHandler(h: FakeSession['check']) {
    this.check = h;
  }
  setDevicePermissionHandler(h: NonNullable<FakeSession['device']>) {
    this.device = h;
  }
}

const ELECTRON_PERMISSIONS = [
  'clipboard-read',
  'clipboard-sanitized-write',
  'display-capture',
  'fullscreen',
  'geolocation',
  'idle-detection',
  'media',
  'mediaKeySystem',
  'midi',
  'midiSysex',
  'notifications',
  'pointerLock',
  'keyboardLock',
  'openExternal',
  'speaker-selection',
  'storage-access',
  'top-level-storage-access',
  'window-management',
  'unknown',
  'fileSystem',
  'hid',
  'serial',
  'usb',
];

describe('permission guard', () => {
  it('denies every permission request, check and device the app does not use', async () => {
    const session = new FakeSession();
    denyUnusedPermissions(session);
    expect(ALLOWED_PERMISSIONS.size).toBe(0);
    for (const permission of ELECTRON_PERMISSIONS) {
      const granted = await new Promise<boolean>((resolve) => session.request!({}, permission, resolve));
      expect(granted, permission).toBe(false);
      expect(session.check!({}, permission), permission).toBe(false);
    }
    expect(session.device!({ deviceType: 'usb', origin: 'app://catlip' })).toBe(false);
  });
});
