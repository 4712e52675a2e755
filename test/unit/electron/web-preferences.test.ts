import { describe, it, expect } from 'vitest';
import { makeWebPreferences } from '../../../electron/main/policy/web-preferences';

/** R30: every security flag of the window factory (checklist items 2-4, 6, 8-11). */
describe('webPreferences factory', () => {
  it('R30: secure flags for the app window', () => {
    const p = makeWebPreferences({ preload: '/app/dist/electron/preload.cjs' });
    const expected = {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      devTools: false,
      javascript: true,
    };
    const mismatches = Object.entries(expected).filter(([k, v]) => (p as Record<string, unknown>)[k] !== v);
    console.log(
      `R30 webpreferences: ${mismatches.length === 0 ? 'PASS' : 'FAIL'} flags checked=${Object.keys(expected).length}; mismatches=${mismatches.length}`,
    );
    expect(mismatches).toEqual([]);
    expect(p.preload).toBe('/app/dist/electron/preload.cjs');
    expect('enableBlinkFeatures' in p).toBe(false);
    expect('additionalArguments' in p).toBe(false);
    expect(Object.isFrozen(p)).toBe(true);
  });

  it('the print window has JavaScript off and no preload, same secure flags', () => {
    const p = makeWebPreferences({ javascript: false });
    expect(p.javascript).toBe(false);
    expect(p.preload).toBeUndefined();
    expect(p).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
  });

  it('devTools only when asked (development builds)', () => {
    expect(makeWebPreferences().devTools).toBe(false);
    expect(makeWebPreferences({ devTools: true }).devTools).toBe(true);
  });
});
