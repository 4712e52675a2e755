import type { Database } from 'better-sqlite3';
import { AppError } from '../../../core/common/errors';
import { nameKey, type ImportPlan } from '../../../core/transfer/import-plan';
import { newId } from '../ids';

/**
 * Applies a validated import plan in ONE transaction with prepared statements: either every
 * record lands or none does. Records reference each other by name; ids are resolved here.
 */
export function applyImportPlan(db: Database, plan: ImportPlan, now: Date): void {
  if (plan.errorCount > 0) throw new AppError('VALIDATION', `The file has ${plan.errorCount} problem(s); nothing was imported.`);
  const stamp = now.toISOString();
  const ids = (table: string): Map<string, string> =>
    new Map((db.prepare(`SELECT name_key AS k, id FROM ${table}`).all() as { k: string; id: string }[]).map((r) => [r.k, r.id]));

  db.transaction(() => {
    const wfIns = db.prepare(
      'INSERT INTO workflows (id, name, name_key, purpose, owner, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const wfUpd = db.prepare('UPDATE workflows SET name = ?, name_key = ?, purpose = ?, owner = ?, updated_at = ? WHERE id = ?');
    for (const op of plan.ops.workflows) {
      const v = op.values as { name: string; purpose: string; owner: string };
      if (op.action === 'create') wfIns.run(newId(), v.name, nameKey(v.name), v.purpose, v.owner, stamp, stamp);
      else if (op.action === 'update') wfUpd.run(v.name, nameKey(v.name), v.purpose, v.owner, stamp, op.id);
    }
    const sysIns = db.prepare(
      'INSERT INTO systems (id, name, name_key, kind, criticality, data_sensitivity, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const sysUpd = db.prepare(
      'UPDATE systems SET name = ?, name_key = ?, kind = ?, criticality = ?, data_sensitivity = ?, updated_at = ? WHERE id = ?',
    );
    for (const op of plan.ops.systems) {
      const v = op.values as { name: string; kind: string; criticality: string; dataSensitivity: string };
      if (op.action === 'create') sysIns.run(newId(), v.name, nameKey(v.name), v.kind, v.criticality, v.dataSensitivity, stamp, stamp);
      else if (op.action === 'update') sysUpd.run(v.name, nameKey(v.name), v.kind, v.criticality, v.dataSensitivity, stamp, op.id);
    }
    const envIns = db.prepare(
      'INSERT INTO environments (id, name, name_key, tier, builtin, created_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, ?)',
    );
    const envUpd = db.prepare('UPDATE environments SET name = ?, name_key = ?, tier = ?, updated_at = ? WHERE id = ?');
    for (const op of plan.ops.environments) {
      const v = op.values as { name: string; tier: string };
      if (op.action === 'create') envIns.run(newId(), v.name, nameKey(v.name), v.tier, stamp, stamp);
      else if (op.action === 'update') envUpd.run(v.name, nameKey(v.name), v.tier, stamp, op.id);
    }
    const wfIds = ids('workflows');
    const agIns = db.prepare(
      'INSERT INTO agents (id, name, name_key, purpose, accountable_owner, technical_operator, vendor_model, lifecycle, escalation_contact, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const agUpd = db.prepare(
      'UPDATE agents SET name = ?, name_key = ?, purpose = ?, accountable_owner = ?, technical_operator = ?, vendor_model = ?, lifecycle = ?, escalation_contact = ?, updated_at = ? WHERE id = ?',
    );
    const unlink = db.prepare('DELETE FROM agent_workflows WHERE agent_id = ?');
    const link = db.prepare('INSERT OR IGNORE INTO agent_workflows (agent_id, workflow_id) VALUES (?, ?)');
    for (const op of plan.ops.agents) {
      if (op.action === 'unchanged') continue;
      const v = op.values as {
        name: string;
        purpose: string;
        accountableOwner: string;
        technicalOperator: string;
        vendorModel: string;
        lifecycle: string;
        escalationContact: string;
        workflows: string[];
      };
      let id = op.id;
      if (op.action === 'create') {
        id = newId();
        agIns.run(
          id,
          v.name,
          nameKey(v.name),
          v.purpose,
          v.accountableOwner,
          v.technicalOperator,
          v.vendorModel,
          v.lifecycle,
          v.escalationContact,
          stamp,
          stamp,
        );
      } else {
        agUpd.run(
          v.name,
          nameKey(v.name),
          v.purpose,
          v.accountableOwner,
          v.technicalOperator,
          v.vendorModel,
          v.lifecycle,
          v.escalationContact,
          stamp,
          id,
        );
      }
      if (op.action === 'create' || op.changed.includes('workflows')) {
        unlink.run(id);
        for (const w of v.workflows) link.run(id, wfIds.get(nameKey(w)));
      }
    }
    if (plan.ops.grants.length) {
      const agIds = ids('agents');
      const sysIds = ids('systems');
      const envIds = ids('environments');
      const gIns = db.prepare(
        'INSERT INTO grants (id, agent_id, system_id, environment_id, actions, scope, credential_identity, approval_gate, expires_at, justification, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      const gUpd = db.prepare(
        'UPDATE grants SET actions = ?, scope = ?, credential_identity = ?, approval_gate = ?, expires_at = ?, justification = ?, updated_at = ? WHERE id = ?',
      );
      for (const op of plan.ops.grants) {
        if (op.action === 'unchanged') continue;
        const v = op.values as {
          agent: string;
          system: string;
          environment: string;
          actions: string[];
          scope: string;
          credentialIdentity: string;
          approvalGate: string;
          expiresAt: string | null;
          justification: string;
        };
        if (op.action === 'create') {
          gIns.run(
            newId(),
            agIds.get(nameKey(v.agent)),
            sysIds.get(nameKey(v.system)),
            envIds.get(nameKey(v.environment)),
            JSON.stringify(v.actions),
            v.scope,
            v.credentialIdentity,
            v.approvalGate,
            v.expiresAt,
            v.justification,
            stamp,
            stamp,
          );
        } else {
          gUpd.run(JSON.stringify(v.actions), v.scope, v.credentialIdentity, v.approvalGate, v.expiresAt, v.justification, stamp, op.id);
        }
      }
    }
  }).immediate();
}
