import { describe, it, expect } from 'vitest';
import { APP_CSP, PRINT_CSP, buildCsp, cspFindings, parseCsp } from '../../../electron/main/policy/csp';
import { CONTENT_SECURITY_POLICY } from '../../../electron/serve/http-policy';

describe('CSP', () => {
  it('R31: the app policy has 0 high findings and is the same one browser mode sends', () => {
    const high = cspFindings(APP_CSP).filter((f) => f.severity === 'high');
    console.log(
      `R31 csp-strength: ${high.length === 0 ? 'PASS' : 'FAIL'} high findings=${high.length} (${APP_CSP.split(';').length} directives)`,
    );
    expect(high).toEqual([]);
    expect(APP_CSP).toBe(CONTENT_SECURITY_POLICY);
    const d = parseCsp(APP_CSP);
    expect(d['default-src']).toEqual(["'none'"]);
    expect(d['script-src']).toEqual(["'self'"]);
  });

  it('the print policy forbids every script and every network load', () => {
    expect(cspFindings(PRINT_CSP).filter((f) => f.severity === 'high')).toEqual([]);
    const d = parseCsp(PRINT_CSP);
    expect(d['script-src']).toEqual(["'none'"]);
    expect(
      Object.values(d)
        .flat()
        .some((s) => /self|https?:|\*/.test(s)),
    ).toBe(false);
  });

  it.each([
    [
      "default-src 'self'; script-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
      'unsafe-inline',
    ],
    [
      "default-src 'none'; script-src 'self' 'unsafe-eval'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
      'unsafe-eval',
    ],
    ["default-src 'none'; script-src *; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'", 'wildcard'],
    [
      "default-src 'none'; script-src 'self' https:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
      'https: scheme',
    ],
    [
      "default-src 'none'; script-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
      'data:',
    ],
    [
      "default-src 'none'; script-src 'self' https://cdn.example.com; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
      'remote CDN',
    ],
    ["default-src 'none'; script-src 'self'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'; object-src *", 'object-src'],
    ["default-src 'none'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'none'", 'missing base-uri'],
    ["default-src 'none'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'", 'missing frame-ancestors'],
    ["script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'", 'missing default-src'],
    [
      "default-src 'none'; script-src 'self'; connect-src http://127.0.0.1:9999; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
      'http connect',
    ],
  ])('flags a weak policy (%#: %s)', (policy, _why) => {
    expect(cspFindings(policy).filter((f) => f.severity === 'high').length).toBeGreaterThan(0);
  });

  it('buildCsp serialises and refuses injected separators', () => {
    expect(buildCsp({ 'default-src': ["'none'"], 'img-src': ["'self'", 'data:'] })).toBe("default-src 'none'; img-src 'self' data:");
    expect(() => buildCsp({ 'script-src': ["'self'; script-src *"] })).toThrow();
    expect(() => buildCsp({ 'script-src x': ["'self'"] })).toThrow();
    expect(() => buildCsp({ 'img-src': ['data:,x'] })).toThrow();
  });

  it('parseCsp keeps the first occurrence of a directive, as browsers do', () => {
    expect(parseCsp("script-src 'self'; script-src *")['script-src']).toEqual(["'self'"]);
  });
});
