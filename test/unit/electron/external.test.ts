import { describe, it, expect } from 'vitest';
import { isSafeExternalUrl, EXTERNAL_ALLOWLIST } from '../../../electron/main/policy/external';
import { runCorpus } from './corpus';

/** Electron checklist item 15: shell.openExternal only for allow-listed https URLs. */
const HOSTILE: unknown[] = [
  'http://owasp.org/',
  'HTTP://owasp.org/',
  'https://owasp.org.evil.com/',
  'https://owasp.org.evil.com/owasp.org',
  'https://evil.com/owasp.org',
  'https://evil.com/?u=https://owasp.org/',
  'https://owasp.org@evil.com/',
  'https://evil.com@owasp.org/',
  'https://user:pass@owasp.org/',
  'https://:@owasp.org/',
  'https://owasp.org%2F@evil.com/',
  'https://owasp.org%40evil.com/',
  'https://owasp.org\\@evil.com/',
  'https://owasp.org:8443/',
  'https://owasp.org:80/',
  'https://owasp.org./',
  'https://evilowasp.org/',
  'https://sub.owasp.org/',
  'https://\u043ewasp.org/', // Cyrillic o
  'https://xn--wasp-8we.org/',
  'https://owasp.\u043erg/',
  'https://owasp%2eorg/',
  'https://www.nist.gov.evil/',
  'https:owasp.org',
  'https:/owasp.org/',
  'https:///owasp.org/',
  '//owasp.org/',
  'owasp.org',
  ' https://owasp.org/',
  'https://owasp.org/\n',
  'https://owasp.org\t.evil.com/',
  'https://127.0.0.1/',
  'https://[::1]/',
  'https://0x7f.0.0.1/',
  'javascript:alert(1)',
  'javascript://owasp.org/%0aalert(1)',
  'data:text/html,<script>alert(1)</script>',
  'file:///etc/passwd',
  'file:///C:/Windows/System32/calc.exe',
  'file://owasp.org/share',
  'smb://evil/share/payload.exe',
  '\\\\evil\\share\\payload.exe',
  'ms-msdt:/id PCWDiagnostic /skip force',
  'ms-msdt:-id%20PCWDiagnostic',
  'search-ms:query=calc&crumb=location:\\\\evil',
  'vbscript:msgbox(1)',
  'mailto:security@owasp.org',
  'ftp://owasp.org/',
  'wss://owasp.org/',
  'app://agent-readiness/index.html',
  'devtools://devtools/bundled/inspector.html',
  'chrome://settings/',
  'steam://run/1',
  '',
  null,
  undefined,
  0,
  { href: 'https://owasp.org/' },
];

const LEGITIMATE: unknown[] = [
  'https://owasp.org/',
  'https://genai.owasp.org/llm-top-10/',
  'https://www.nist.gov/itl/ai-risk-management-framework',
  'https://airc.nist.gov/AI_RMF_Knowledge_Base/Playbook',
  'https://www.iso.org/standard/81230.html',
  'https://eur-lex.europa.eu/eli/reg/2024/1689/oj',
  'https://OWASP.org/www-project-top-ten/',
  'https://owasp.org:443/',
  'https://owasp.org?x=1',
  'https://owasp.org#top',
];

describe('openExternal allow-list', () => {
  it('G-ext corpus: 0 false allows', () => {
    expect(HOSTILE.length).toBeGreaterThanOrEqual(20);
    runCorpus('G-ext', (u) => isSafeExternalUrl(u), HOSTILE, LEGITIMATE);
  });

  it('the allowlist holds plain lowercase hostnames only', () => {
    for (const host of EXTERNAL_ALLOWLIST) expect(host).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
    expect(Object.isFrozen(EXTERNAL_ALLOWLIST)).toBe(true);
  });

  it('an empty allowlist allows nothing', () => {
    expect(isSafeExternalUrl('https://owasp.org/', [])).toBe(false);
  });
});
