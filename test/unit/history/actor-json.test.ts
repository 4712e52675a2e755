import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../core/history/canonical';
import { actorJson } from '../../../electron/store/history/hash';

// Every entry's hash covers its actor as canonical JSON; the fast writer must give exactly that text,
// or entries written by one would fail `verify` against the other.
describe('the actor text an entry hash covers', () => {
  const actors = [
    { name: 'Priya', email: null, role: null, source: 'profile' },
    { name: 'Ana "the auditor" \\ Ödegaard', email: 'ana@example.org', role: 'Risk, Compliance', source: 'cli-flag' },
    { name: '\u2028line\nbreak\u0000', email: '', role: 'owner', source: 'os-user' },
    { name: 'emoji 🛡️', email: null, role: 'x'.repeat(300), source: 'team' },
  ];
  it.each(actors)('equals canonicalJson for %j', (a) => {
    expect(actorJson(a)).toBe(canonicalJson(a));
  });
});
