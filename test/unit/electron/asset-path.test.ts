import { describe, it, expect } from 'vitest';
import { resolve, sep } from 'node:path';
import { resolveAppAsset, isInside, contentTypeFor } from '../../../electron/main/policy/asset-path';

const ROOT = resolve('/srv/app/dist/renderer');
const A = 'app://agent-readiness';

/** R34: app:// path containment. Every case must resolve to null or to a file inside ROOT. */
const TRAVERSAL = [
  `${A}/../../etc/passwd`,
  `${A}/..%2f..%2fetc%2fpasswd`,
  `${A}/%2e%2e/%2e%2e/etc/passwd`,
  `${A}/%2E%2E/secret`,
  `${A}/.%2e/secret`,
  `${A}/assets/..%2F..%2F..%2Fetc/passwd`,
  `${A}/assets/%252e%252e/%252e%252e/etc/passwd`,
  `${A}/..\\..\\windows\\win.ini`,
  `${A}/%5c..%5c..%5cwindows%5cwin.ini`,
  `${A}/C:/Windows/win.ini`,
  `${A}/C:%5CWindows%5Cwin.ini`,
  `${A}//etc/passwd`,
  `${A}/%2fetc%2fpasswd`,
  `${A}/index.html%00.png`,
  `${A}/index.html%00`,
  `${A}/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd`,
  `${A}/%E0%80%AE%E0%80%AE/etc/passwd`,
  `${A}/%ff`,
  `${A}/\\\\evil\\share\\x`,
  `${A}/assets/./../../x`,
  'app://evil/index.html',
  'app://agent-readiness.evil/index.html',
  'app://agent-readiness@evil/index.html',
  'app://agent-readiness:1234/index.html',
  'file:///etc/passwd',
  'https://agent-readiness/index.html',
  '',
  ' app://agent-readiness/index.html',
];

describe('app:// asset resolution', () => {
  it('R34: traversal cases never escape the bundle', () => {
    const escapes = TRAVERSAL.filter((u) => {
      const r = resolveAppAsset(u, ROOT);
      return r !== null && !(r === ROOT || r.startsWith(ROOT + sep));
    });
    const served = TRAVERSAL.filter((u) => resolveAppAsset(u, ROOT) !== null);
    console.log(
      `R34 app-protocol-containment: ${escapes.length === 0 ? 'PASS' : 'FAIL'} traversal cases=${TRAVERSAL.length}; escapes=${escapes.length}; resolved-inside=${served.length}`,
    );
    expect(escapes).toEqual([]);
  });

  it('serves the bundle files', () => {
    expect(resolveAppAsset(`${A}/`, ROOT)).toBe(resolve(ROOT, 'index.html'));
    expect(resolveAppAsset(`${A}/index.html`, ROOT)).toBe(resolve(ROOT, 'index.html'));
    expect(resolveAppAsset(`${A}/index.html?x=1#/inventory`, ROOT)).toBe(resolve(ROOT, 'index.html'));
    expect(resolveAppAsset(`${A}/assets/index-Bx1.js`, ROOT)).toBe(resolve(ROOT, 'assets/index-Bx1.js'));
    expect(resolveAppAsset(`${A}/assets/Inter%20Var.woff2`, ROOT)).toBe(resolve(ROOT, 'assets/Inter Var.woff2'));
  });

  it('isInside', () => {
    expect(isInside(ROOT, resolve(ROOT, 'a/b'))).toBe(true);
    expect(isInside(ROOT, ROOT)).toBe(true);
    expect(isInside(ROOT, `${ROOT}-evil/x`)).toBe(false);
    expect(isInside(ROOT, resolve(ROOT, '..'))).toBe(false);
  });

  it('content types', () => {
    expect(contentTypeFor('/x/index.html')).toMatch(/^text\/html/);
    expect(contentTypeFor('/x/a.JS')).toMatch(/^text\/javascript/);
    expect(contentTypeFor('/x/a.css')).toMatch(/^text\/css/);
    expect(contentTypeFor('/x/a.unknown')).toBe('application/octet-stream');
  });
});
