import BetterSqlite3 from 'better-sqlite3';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rowHash, sha256, type HistoryRow } from '../../../electron/store/history/hash';
import { withWorkspace } from '../helpers';

/**
 * A workspace with a realistic history (the example organisation, then edits of an agent, a
 * grant's gate, an answer and a deletion, by a named actor), closed so its file can be copied and
 * tampered with directly in SQLite, the way someone with the file and a SQLite shell would.
 */
export type Fixture = { dataDir: string; file: string; agentId: string; grantId: string; deletedSystemId: string };

export async function makeFixture(): Promise<Fixture> {
  const { h, workspaceId, ws } = await withWorkspace(true, {
    actor: { name: 'Ada', email: 'ada@example.org', role: 'owner', source: 'profile' },
  });
  const ov = await h.call('inventory:overview', { workspaceId });
  const agent = ov.agents[0]!;
  await h.call('agent:update', { workspaceId, id: agent.id, agent: { ...agentInput(agent), purpose: 'Changed purpose' } } as never);
  const detail = await h.call('agent:get', { workspaceId, id: agent.id });
  const grant = detail.grants[0]!;
  await h.call('grant:update', { workspaceId, id: grant.id, grant: { ...grantInput(grant), approvalGate: 'two-person' } } as never);
  const sys = await h.call('system:create', { workspaceId, system: { name: 'Doomed system', kind: ov.systems[0]!.kind } } as never);
  await h.call('system:delete', { workspaceId, id: (sys as { id: string }).id } as never);
  h.close();
  return { dataDir: h.dataDir, file: ws.file, agentId: agent.id, grantId: grant.id, deletedSystemId: (sys as { id: string }).id };
}

const agentInput = (a: Record<string, unknown>) => {
  const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = a;
  return rest;
};
const grantInput = agentInput;

/** A copy of the fixture file opened with the history's append-only triggers dropped. */
export function tamperCopy(f: Fixture, name: string): { db: BetterSqlite3.Database; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ar-tamper-'));
  const file = join(dir, `${name}.sqlite`);
  copyFileSync(f.file, file);
  const db = new BetterSqlite3(file);
  for (const t of ['history_append_only_update', 'history_append_only_delete', 'history_head_no_delete', 'history_head_forward_only'])
    db.exec(`DROP TRIGGER ${t}`);
  return { db, file };
}

type Row = Record<string, unknown> & { seq: number; prev_hash: string | null; hash: string };

/** A forged entry with a correctly computed hash: what someone who read the source code would insert. */
export function forgedEntry(seq: number, prevHash: string | null, over: Partial<Record<string, unknown>> = {}): Row {
  const content = {
    seq,
    at: '2026-01-01T00:00:00.000Z',
    actor: { name: 'Mallory', email: null, role: null, source: 'profile' },
    door: 'ipc',
    operation: 'grant:update',
    entity: 'grant',
    entityId: 'forged',
    action: 'update',
    before: { approval_gate: 'two-person' },
    after: { approval_gate: 'none' },
    stateHash: sha256('x'),
    reason: null,
    origin: 'row',
    prevHash,
    ...over,
  };
  const row = {
    seq,
    at: content.at,
    actor_name: content.actor.name,
    actor_email: null,
    actor_role: null,
    actor_source: 'profile',
    door: content.door,
    operation: content.operation,
    entity: content.entity,
    entity_id: content.entityId,
    action: content.action,
    before_json: JSON.stringify(content.before),
    after_json: JSON.stringify(content.after),
    state_hash: content.stateHash,
    reason: null,
    origin: 'row',
    prev_hash: prevHash,
    hash: '',
  };
  return { ...row, hash: rowHash(row as HistoryRow) };
}

export function insertRow(db: BetterSqlite3.Database, r: Row): void {
  const cols = Object.keys(r);
  db.prepare(`INSERT INTO history (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...cols.map((c) => r[c] as never));
}
