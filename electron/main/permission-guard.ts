/** What the guard needs of Electron's Session (a fake in tests). */
export interface PermissionSession {
  setPermissionRequestHandler(
    handler: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null,
  ): void;
  setPermissionCheckHandler(handler: ((contents: unknown, permission: string) => boolean) | null): void;
  setDevicePermissionHandler(handler: (details: unknown) => boolean): void;
}

/**
 * Web permissions the app's pages use. None: the UI needs no camera, microphone, location, notifications
 * (the main process shows those), MIDI, HID, serial, USB or clipboard reads; WebGPU needs no permission.
 * A feature that needs one adds it here, with its reason, and the test beside this file.
 */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set();

/**
 * Electron grants every permission request by default; a page that was ever made to run foreign script
 * could then ask for the camera or a USB device. Every request and check is answered by the allowlist.
 */
export function denyUnusedPermissions(session: PermissionSession): void {
  session.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(ALLOWED_PERMISSIONS.has(permission)),
  );
  session.setPermissionCheckHandler((_contents, permission) => ALLOWED_PERMISSIONS.has(permission));
  session.setDevicePermissionHandler(() => false);
}
