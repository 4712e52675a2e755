import { describe, it, expect } from 'vitest';
import { permissionDecision } from '../../../electron/main/policy/permissions';

// Every permission name Electron 45 passes to setPermissionRequestHandler / setPermissionCheckHandler.
const PERMISSIONS = [
  'ar',
  'automatic-fullscreen',
  'background-fetch',
  'background-sync',
  'captured-surface-control',
  'clipboard-read',
  'clipboard-sanitized-write',
  'deprecated-sync-clipboard-read',
  'display-capture',
  'fileSystem',
  'fullscreen',
  'geolocation',
  'geolocation-approximate',
  'hand-tracking',
  'hid',
  'idle-detection',
  'keyboardLock',
  'local-fonts',
  'local-network',
  'local-network-access',
  'loopback-network',
  'media',
  'mediaKeySystem',
  'midi',
  'midiSysex',
  'nfc',
  'notifications',
  'openExternal',
  'payment-handler',
  'periodic-background-sync',
  'persistent-storage',
  'pointerLock',
  'screen-wake-lock',
  'sensors',
  'serial',
  'smart-card',
  'speaker-selection',
  'storage-access',
  'system-wake-lock',
  'top-level-storage-access',
  'usb',
  'vr',
  'web-app-installation',
  'web-printing',
  'window-management',
  'unknown',
];

describe('permission policy', () => {
  it('denies every permission from every origin, including the app itself', () => {
    const origins = ['app://agent-readiness', 'app://agent-readiness/index.html', 'https://evil.example', '', null, undefined];
    let granted = 0;
    for (const p of PERMISSIONS) for (const o of origins) if (permissionDecision(p, o)) granted++;
    console.log(`G-permissions: ${granted === 0 ? 'PASS' : 'FAIL'} granted=${granted} / ${PERMISSIONS.length * origins.length} cases`);
    expect(granted).toBe(0);
  });
});
