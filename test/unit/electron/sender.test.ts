import { describe, it, expect } from 'vitest';
import { isTrustedSender, type SenderInfo } from '../../../electron/main/policy/sender';
import { runCorpus } from './corpus';

/** Electron checklist item 17: every IPC message's sender is validated. */
const main = (frameUrl: unknown): SenderInfo => ({ frameUrl: frameUrl as string, isMainFrame: true, isAppWindow: true });

const HOSTILE: unknown[] = [
  null,
  undefined,
  {},
  main(null),
  main(undefined),
  main(''),
  main('null'),
  main('https://evil.example/'),
  main('http://127.0.0.1:5173/index.html'),
  main('file:///home/user/index.html'),
  main('devtools://devtools/bundled/inspector.html'),
  main('chrome-error://chromewebdata/'),
  main('about:blank'),
  main('about:srcdoc'),
  main('data:text/html,<script>window.api</script>'),
  main('blob:app://agent-readiness/0b7e9f2c-0000-4000-8000-000000000000'),
  main('javascript:alert(1)'),
  main('app://agent-readiness.evil/index.html'),
  main('app://agent-readiness@evil/index.html'),
  main('app://evil@agent-readiness/index.html'),
  main('app://agent-readiness:1/index.html'),
  main('app://print/0b7e9f2c-0000-4000-8000-000000000000.html'),
  main('app://agent-readiness'),
  main('app://\u0430gent-readiness/index.html'),
  main('https://agent-readiness/index.html'),
  main(' app://agent-readiness/index.html'),
  // The app's own URL, but from an iframe (a sub-frame must never reach the back end).
  { frameUrl: 'app://agent-readiness/index.html', isMainFrame: false, isAppWindow: true },
  // The app's own URL, but from a webContents that is not an app window (e.g. the print window).
  { frameUrl: 'app://agent-readiness/index.html', isMainFrame: true, isAppWindow: false },
  { frameUrl: 'app://agent-readiness/index.html', isMainFrame: 'true', isAppWindow: true },
  { frameUrl: 'app://agent-readiness/index.html', isMainFrame: 1, isAppWindow: 1 },
  { frameUrl: 'app://agent-readiness/index.html' },
  { frameUrl: new URL('https://evil.example/'), isMainFrame: true, isAppWindow: true },
  { frameUrl: ['app://agent-readiness/index.html'], isMainFrame: true, isAppWindow: true },
];

const LEGITIMATE: unknown[] = [
  main('app://agent-readiness/index.html'),
  main('app://agent-readiness/'),
  main('app://agent-readiness/index.html#/matrix?env=production'),
];

describe('IPC sender validation', () => {
  it('G-sender corpus: 0 false allows', () => {
    expect(HOSTILE.length).toBeGreaterThanOrEqual(20);
    runCorpus('G-sender', (s) => isTrustedSender(s as SenderInfo), HOSTILE, LEGITIMATE);
  });
});
