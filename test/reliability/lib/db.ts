import BetterSqlite3 from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { migrate, type Database } from '../../../electron/store/database';
import { MIGRATIONS } from '../../../electron/store/migrations/index';
import { withWorkspace, type Harness } from '../../integration/helpers';

export const LATEST = MIGRATIONS.length;
export const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Tables and their columns at a schema version (built in memory from the real migrations). */
export function tablesAt(version: number): Map<string, string[]> {
  const mem = new BetterSqlite3(':memory:');
  try {
    migrate(mem, MIGRATIONS.slice(0, version), 0);
    return tablesOf(mem);
  } finally {
    mem.close();
  }
}

export function tablesOf(db: Database, schema = 'main'): Map<string, string[]> {
  const names = (
    db.prepare(`SELECT name FROM ${schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid`).all() as {
      name: string;
    }[]
  ).map((r) => r.name);
  return new Map(
    names.map((n) => [n, (db.prepare(`SELECT name FROM pragma_table_info(?, ?)`).all(n, schema) as { name: string }[]).map((c) => c.name)]),
  );
}

/** Normalised schema (type:name -> sql) without SQLite's internal objects. */
export function schemaOf(db: Database): Map<string, string> {
  const rows = db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all() as {
    type: string;
    name: string;
    sql: string | null;
  }[];
  return new Map(rows.map((r) => [`${r.type}:${r.name}`, (r.sql ?? '').replace(/\s+/g, ' ').trim()]));
}

export type Snapshot = Record<string, { rows: number; hash: string }>;

/** Row count and content hash of each given table, over the given columns only (order-independent). */
export function snapshot(db: Database, tables: Map<string, string[]>): Snapshot {
  const out: Snapshot = {};
  for (const [t, cols] of tables) {
    const rows = db
      .prepare(`SELECT ${cols.map((c) => `"${c}"`).join(', ')} FROM "${t}"`)
      .raw()
      .all()
      .map((r) =>
        JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : Buffer.isBuffer(v) ? v.toString('base64') : v)),
      );
    rows.sort();
    out[t] = { rows: rows.length, hash: createHash('sha256').update(rows.join('\n')).digest('hex').slice(0, 16) };
  }
  return out;
}

export const totalRows = (s: Snapshot): number => Object.values(s).reduce((a, t) => a + t.rows, 0);

export function integrity(db: Database): string {
  const rows = db.pragma('integrity_check') as { integrity_check: string }[];
  return rows.map((r) => r.integrity_check).join('; ');
}

/**
 * A representative workspace made through the real services: the example organisation
 * (workflows, agents, systems, environments, grants), scoring answers, and a running drill with events.
 */
export async function representativeWorkspace(notes = 5): Promise<{ h: Harness; workspaceId: string; file: string; drillId: string }> {
  const { h, workspaceId } = await withWorkspace(true);
  const inv = await h.call('inventory:overview', { workspaceId });
  const view = await h.call('drills:create', {
    workspaceId,
    scenarioId: 'd7-coding-agent-wipes-shared-drive',
    agentIds: [inv.agents[0]!.id],
    participants: [{ name: 'Facilitator', role: 'facilitator' }],
  });
  const drillId = view.drill.id;
  // scoring rows (schema 2): answers on two controls
  await h.call('answer:set', {
    workspaceId,
    agentId: inv.agents[1]!.id,
    checklistId: 'agent-readiness-default',
    checklistVersion: '1.0.0',
    answeredBy: 'Reliability suite',
    answers: [
      { controlId: 'ENV-3', value: 'partial', note: 'freeze flag in staging only' },
      { controlId: 'HITL-4', value: 'no' },
    ],
  });
  await h.call('drills:append', { workspaceId, drillId, event: { type: 'start', payload: {} } });
  for (let i = 0; i < notes; i++)
    await h.call('drills:append', { workspaceId, drillId, event: { type: 'note', payload: { text: `note ${i}` } } });
  return { h, workspaceId, file: h.ctx.workspaces.fileFor(workspaceId), drillId };
}

/**
 * Builds a database at schema `version` (migrations 1..version) holding the rows of `source`
 * that exist at that version: every earlier schema version, filled with representative data.
 */
export function buildAtVersion(source: string, version: number, out: string): void {
  const db = new BetterSqlite3(out);
  try {
    db.pragma('journal_mode = WAL');
    migrate(db, MIGRATIONS.slice(0, version), 0);
    db.pragma('foreign_keys = OFF');
    db.prepare('ATTACH DATABASE ? AS src').run(source);
    const srcTables = tablesOf(db, 'src');
    db.transaction(() => {
      for (const [t, cols] of tablesOf(db)) {
        const have = srcTables.get(t);
        if (!have) continue;
        const common = cols
          .filter((c) => have.includes(c))
          .map((c) => `"${c}"`)
          .join(', ');
        db.exec(`INSERT INTO main."${t}" (${common}) SELECT ${common} FROM src."${t}"`);
      }
    })();
    db.exec('DETACH DATABASE src');
    db.pragma(`user_version = ${version}`);
  } finally {
    db.close();
  }
}
