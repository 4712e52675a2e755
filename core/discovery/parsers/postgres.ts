import { parseCsv } from '../syntax';
import type { DiscoveredPermission, DiscoveredSource, Fingerprinter } from '../types';
import { runParser } from './source';

/** `\dp` privilege letters (PostgreSQL docs, "Privileges", table 5.1). */
const DP_LETTERS: Record<string, string> = {
  r: 'SELECT',
  a: 'INSERT',
  w: 'UPDATE',
  d: 'DELETE',
  D: 'TRUNCATE',
  x: 'REFERENCES',
  t: 'TRIGGER',
  m: 'MAINTAIN',
  X: 'EXECUTE',
  U: 'USAGE',
  C: 'CREATE',
  c: 'CONNECT',
  T: 'TEMPORARY',
};

const permission = (
  grantee: string,
  database: string | null,
  scope: string,
  privileges: string[],
  where: string,
): DiscoveredPermission => ({
  principal: grantee,
  principalKind: 'database-role',
  system: database ? `PostgreSQL ${database}` : 'PostgreSQL database',
  systemKindHint: 'database',
  actions: [...new Set(privileges)].sort(),
  effect: 'allow',
  notAction: false,
  scope,
  environmentHints: [database ?? '', scope.split('.')[0] ?? ''].filter((h) => h !== ''),
  where,
});

/** A CSV of `information_schema.role_table_grants` (grantee, table_catalog, table_schema, table_name, privilege_type...). */
export function parsePostgresCsv(fileName: string, text: string, fp: Fingerprinter): DiscoveredSource {
  return runParser('postgres-grants-csv', fileName, text, fp, (ctx, body) => {
    const [header, ...rows] = parseCsv(body);
    const cols = (header ?? []).map((h) => h.trim().toLowerCase());
    const col = (name: string) => cols.indexOf(name);
    const need = ['grantee', 'table_schema', 'table_name', 'privilege_type'];
    const missing = need.filter((n) => col(n) < 0);
    if (missing.length) {
      ctx.problem(['header'], `missing the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
      return {};
    }
    const groups = new Map<string, { grantee: string; db: string | null; scope: string; privileges: string[]; row: number }>();
    rows.forEach((r, i) => {
      const get = (n: string) => (col(n) >= 0 ? (r[col(n)] ?? '').trim() : '');
      const grantee = get('grantee');
      const privilege = get('privilege_type').toUpperCase();
      if (!grantee || !/^[A-Z ]{3,20}$/.test(privilege)) return ctx.problem([`row ${i + 2}`], 'needs a grantee and a privilege_type');
      const db = get('table_catalog') || null;
      const scope = `${get('table_schema')}.${get('table_name')}`;
      const key = `${grantee}\u0000${db}\u0000${scope}`;
      const g = groups.get(key) ?? { grantee, db, scope, privileges: [], row: i + 2 };
      g.privileges.push(privilege);
      groups.set(key, g);
    });
    return { permissions: [...groups.values()].map((g) => permission(g.grantee, g.db, g.scope, g.privileges, `row ${g.row}`)) };
  });
}

/** psql's `\dp` (or `\z`) table: `grantee=privileges/grantor` entries, one per line, `+` continuing a cell. */
export function parsePostgresDp(fileName: string, text: string, fp: Fingerprinter): DiscoveredSource {
  return runParser('postgres-dp', fileName, text, fp, (ctx, body) => {
    const lines = body.split(/\r?\n/);
    const headerAt = lines.findIndex((l) => /\bSchema\s*\|\s*Name\s*\|/.test(l));
    if (headerAt < 0) {
      ctx.problem([], 'no "Schema | Name | Type | Access privileges" header line');
      return {};
    }
    const header = lines[headerAt]!.split('|').map((h) => h.trim().toLowerCase());
    const privCol = header.indexOf('access privileges');
    const out: DiscoveredPermission[] = [];
    let schema = '';
    let name = '';
    for (let i = headerAt + 2; i < lines.length; i++) {
      const line = lines[i]!;
      if (!line.includes('|')) continue;
      const cells = line.split('|').map((c) => c.trim());
      if (cells[0]) schema = cells[0];
      if (cells[1]) name = cells[1];
      const entry = (cells[privCol] ?? '').replace(/\+$/, '').trim();
      if (!entry) continue;
      const m = /^("?)([^=]*)\1=([a-zA-Z*]*)\/(.+)$/.exec(entry);
      if (!m) {
        ctx.problem([`line ${i + 1}`], 'expected grantee=privileges/grantor');
        continue;
      }
      const privileges = [...m[3]!.replace(/\*/g, '')].map((l) => DP_LETTERS[l] ?? `unknown privilege ${l}`);
      out.push(permission(m[2] || 'PUBLIC', null, `${schema}.${name}`, privileges, `line ${i + 1}`));
    }
    return { permissions: out };
  });
}
