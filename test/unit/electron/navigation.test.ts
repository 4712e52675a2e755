import { describe, it, expect } from 'vitest';
import { isAllowedNavigation, windowOpenDecision, allowWebviewAttach } from '../../../electron/main/policy/navigation';
import { isAppUrl, APP_ENTRY_URL, APP_ORIGIN } from '../../../electron/main/policy/app-origin';
import { runCorpus } from './corpus';

/** Electron checklist item 13: the window shows app://agent-readiness/ pages only. */
export const HOSTILE_NAVIGATIONS: unknown[] = [
  'javascript:alert(1)',
  'JaVaScRiPt:alert(document.domain)',
  'javascript://app://agent-readiness/%0aalert(1)',
  'data:text/html,<script>alert(1)</script>',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'file:///etc/passwd',
  'file:///C:/Windows/System32/calc.exe',
  'file://agent-readiness/index.html',
  'http://agent-readiness/index.html',
  'https://agent-readiness/index.html',
  'http://127.0.0.1:5173/',
  'http://localhost:3000/index.html',
  'https://example.com/',
  'https://evil.example/app://agent-readiness/',
  'app://agent-readiness.evil/',
  'app://agent-readiness.evil.com/index.html',
  'app://agent-readiness@evil/',
  'app://agent-readiness:x@evil/index.html',
  'app://user:pass@agent-readiness/index.html',
  'app://evil/agent-readiness/index.html',
  'app://agent-readiness:80/index.html',
  'app://agent-readiness./index.html',
  'app://agent-readinesss/index.html',
  'app://gent-readiness/index.html',
  'app://\u0430gent-readiness/index.html', // Cyrillic a
  'app://agent\u2010readiness/index.html', // Unicode hyphen
  'app://agent%2Dreadiness/index.html',
  'app://agent-readiness%00.evil/',
  'app://agent-readiness\\@evil/',
  'app://agent-readiness',
  'app:agent-readiness/index.html',
  'app:/agent-readiness/index.html',
  'app:///agent-readiness/index.html',
  'appx://agent-readiness/index.html',
  'ap://agent-readiness/',
  'APP://agent-readiness/index.html', // non-canonical: Chromium always sends lowercase, so anything else is refused
  'devtools://devtools/bundled/inspector.html',
  'chrome://settings/',
  'chrome-error://chromewebdata/',
  'chrome-extension://abcdefghijklmnop/page.html',
  'about:blank',
  'about:srcdoc',
  'blob:app://agent-readiness/8c2e5a1e-3b7e-4a8b-9f1a-0d6a3d7c4e11',
  'filesystem:app://agent-readiness/temporary/x.html',
  'view-source:app://agent-readiness/index.html',
  'ws://127.0.0.1:9222/devtools/page/1',
  'smb://evil/share/x.html',
  'intent://evil#Intent;scheme=app;end',
  ' app://agent-readiness/index.html',
  'app://agent-readiness/index.html ',
  '\tapp://agent-readiness/index.html',
  'app://agent-\nreadiness/index.html',
  '\u0000app://agent-readiness/',
  '\ufeffapp://agent-readiness/',
  '',
  null,
  undefined,
  42,
  { url: 'app://agent-readiness/' },
  ['app://agent-readiness/'],
  `app://agent-readiness/${'a'.repeat(9000)}`,
];

export const LEGITIMATE_NAVIGATIONS: unknown[] = [
  'app://agent-readiness/',
  'app://agent-readiness/index.html',
  'app://agent-readiness/index.html#/inventory',
  'app://agent-readiness/index.html?workspace=acme-1a2b3c',
];

describe('navigation policy', () => {
  it('G-nav corpus: 0 false allows', () => {
    expect(HOSTILE_NAVIGATIONS.length).toBeGreaterThanOrEqual(20);
    runCorpus('G-nav', isAllowedNavigation, HOSTILE_NAVIGATIONS, LEGITIMATE_NAVIGATIONS);
  });

  it('the entry URL is an app URL on the app origin', () => {
    expect(APP_ENTRY_URL.startsWith(`${APP_ORIGIN}/`)).toBe(true);
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
  });

  it('window.open is always denied and webviews never attach', () => {
    expect(windowOpenDecision()).toEqual({ action: 'deny' });
    expect(allowWebviewAttach()).toBe(false);
  });
});
