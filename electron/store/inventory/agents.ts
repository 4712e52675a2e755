import type { Database, Statement } from 'better-sqlite3';
import type { z } from 'zod';
import type { Agent, AgentInput } from '../../../core/inventory/model';
import { AppError } from '../../../core/common/errors';
import { agentsTable } from './tables';

type ParsedAgent = z.output<typeof AgentInput>;

/** agent id -> workflow ids, read in one pass (raw rows: no object per link). */
function workflowLinks(db: Database): Map<string, string[]> {
  const links = new Map<string, string[]>();
  const rows = db.prepare<[], [string, string]>('SELECT agent_id, workflow_id FROM agent_workflows').raw(true).all();
  for (const [agentId, workflowId] of rows) {
    const list = links.get(agentId);
    if (list) list.push(workflowId);
    else links.set(agentId, [workflowId]);
  }
  return links;
}

export function listAgents(db: Database): Agent[] {
  const links = workflowLinks(db);
  // Each row is a fresh object from the mapper: the links are set on it (same key order as a spread, without copying 10k objects).
  const agents = agentsTable.list(db) as Agent[];
  for (const a of agents) a.workflowIds = links.get(a.id) ?? [];
  return agents;
}

export function getAgent(db: Database, id: string): Agent {
  const agent = agentsTable.get(db, id);
  const rows = db.prepare('SELECT workflow_id FROM agent_workflows WHERE agent_id = ?').all(id) as { workflow_id: string }[];
  return { ...agent, workflowIds: rows.map((r) => r.workflow_id) };
}

type LinkStatements = { unlink: Statement<[string]>; link: Statement<[string, string]> };
const linkStatements = new WeakMap<Database, LinkStatements>();
/** Prepared once per connection: an import sets the links of thousands of agents. */
function links(db: Database): LinkStatements {
  let s = linkStatements.get(db);
  if (!s) {
    s = {
      unlink: db.prepare('DELETE FROM agent_workflows WHERE agent_id = ?'),
      link: db.prepare('INSERT OR IGNORE INTO agent_workflows (agent_id, workflow_id) VALUES (?, ?)'),
    };
    linkStatements.set(db, s);
  }
  return s;
}

function setWorkflows(db: Database, agentId: string, workflowIds: string[]): void {
  const { unlink, link } = links(db);
  unlink.run(agentId);
  for (const wf of workflowIds) {
    try {
      link.run(agentId, wf);
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
        throw new AppError('VALIDATION', 'One of the chosen workflows no longer exists.', {
          issues: [{ path: 'workflowIds', message: 'Unknown workflow' }],
        });
      }
      throw err;
    }
  }
}

export function createAgent(db: Database, input: ParsedAgent, now: Date, id?: string): string {
  const { workflowIds, ...fields } = input;
  return db.transaction(() => {
    const newId = agentsTable.insert(db, fields, now, id);
    setWorkflows(db, newId, workflowIds);
    return newId;
  })();
}

export function updateAgent(db: Database, id: string, input: ParsedAgent, now: Date, expectedVersion?: number): void {
  const { workflowIds, ...fields } = input;
  db.transaction(() => {
    agentsTable.update(db, id, fields, now, expectedVersion);
    setWorkflows(db, id, workflowIds);
  })();
}
