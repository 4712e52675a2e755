import type { Database } from 'better-sqlite3';
import { rawRows, type Doc } from './generate';

/**
 * Writes a generated organisation straight into a workspace file in one transaction (the bench's raw
 * baseline): for measurements that need 100k agents / 1M grants present, not the import's timing.
 */
export function seedRaw(db: Database, doc: Doc): number {
  const envIds = new Map(
    (db.prepare('SELECT name, id FROM environments').all() as { name: string; id: string }[]).map((r) => [r.name, r.id]),
  );
  const rows = rawRows(doc, envIds, '2026-01-01T00:00:00.000Z');
  db.transaction(() => {
    const wf = db.prepare(
      'INSERT INTO workflows (id, name, name_key, purpose, owner, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    for (const r of rows.workflows) wf.run(r);
    const sys = db.prepare(
      'INSERT INTO systems (id, name, name_key, kind, criticality, data_sensitivity, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const r of rows.systems) sys.run(r);
    const ag = db.prepare(
      'INSERT INTO agents (id, name, name_key, purpose, accountable_owner, technical_operator, vendor_model, lifecycle, escalation_contact, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const r of rows.agents) ag.run(r);
    const link = db.prepare('INSERT INTO agent_workflows (agent_id, workflow_id) VALUES (?, ?)');
    for (const r of rows.links) link.run(r);
    const g = db.prepare(
      'INSERT INTO grants (id, agent_id, system_id, environment_id, actions, scope, credential_identity, approval_gate, expires_at, justification, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const r of rows.grants) g.run(r);
  })();
  return rows.count;
}
