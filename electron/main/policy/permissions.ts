/**
 * `setPermissionRequestHandler` / `setPermissionCheckHandler` policy. The app needs no browser
 * permission at all (no camera, notifications, clipboard-read, geolocation, HID, ...), so every
 * request and every check is denied, whatever the origin.
 */
export function permissionDecision(_permission: string, _origin?: string | null): boolean {
  return false;
}
