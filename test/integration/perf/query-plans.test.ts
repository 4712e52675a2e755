import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { removeDir, withWorkspace, type Harness } from '../helpers';

/**
 * Index regressions fail here (issue 6): the hot queries must SEARCH an index, never SCAN a large
 * table. Two layers: the statements the app really issues (recorded while its channels run), and
 * the named hot queries with the index each must use.
 */
const plan = (db: Database, sql: string): string => {
  const params = (sql.match(/\?/g) ?? []).map(() => null);
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');
};

/** Tables that grow with the organisation or with drill history. */
const LARGE = [
  'grants',
  'agents',
  'agent_workflows',
  'answers',
  'evidence',
  'accepted_risks',
  'drill_events',
  'drill_agents',
  'drill_participants',
  'drills',
  'drill_corrective_actions',
  'drill_aars',
];

let h: Harness;
let workspaceId: string;
let db: Database;
const issued = new Set<string>();

beforeAll(async () => {
  const w = await withWorkspace(true);
  h = w.h;
  workspaceId = w.workspaceId;
  db = h.ctx.workspace(workspaceId).db;
  // Record every statement the store prepares on this connection.
  const prepare = db.prepare.bind(db);
  (db as unknown as { prepare: (sql: string) => unknown }).prepare = (sql: string) => {
    issued.add(sql.replace(/\s+/g, ' ').trim());
    return prepare(sql);
  };
  const overview = await h.call('inventory:overview', { workspaceId });
  const agent = overview.agents[0]!;
  const env = overview.environments.find((e) => e.tier === 'production')!;
  await h.call('agent:get', { workspaceId, id: agent.id });
  await h.call('inventory:matrix', { workspaceId, environmentId: env.id });
  await h.call('inventory:deleteImpact', { workspaceId, entity: 'agent', id: agent.id });
  await h.call('inventory:deleteImpact', { workspaceId, entity: 'environment', id: env.id });
  await h.call('inventory:deleteImpact', { workspaceId, entity: 'workflow', id: overview.workflows[0]!.id });
  await h.call('score:agent', { workspaceId, agentId: agent.id });
  const scenario = (await h.call('drills:scenarios', { workspaceId })).find((s) => !s.problem)!;
  const view = await h.call('drills:create', {
    workspaceId,
    scenarioId: scenario.id,
    agentIds: [agent.id],
    participants: [{ name: 'Ana', role: 'facilitator' }],
    timeScale: 1,
  });
  await h.call('drills:append', { workspaceId, drillId: view.drill.id, event: { type: 'start', payload: {} } });
  await h.call('drills:append', { workspaceId, drillId: view.drill.id, event: { type: 'note', payload: { text: 'hello' } } });
  await h.call('drills:events', { workspaceId, drillId: view.drill.id, afterSeq: 0, limit: 100 });
  await h.call('drills:history', { workspaceId, scenarioId: null, agentId: agent.id });
  // No ANALYZE: the app never runs it, so these are the plans users get (SQLite assumes large tables).
});

afterAll(() => {
  h.close();
  removeDir(h.dataDir);
});

describe('hot queries use their indexes (EXPLAIN QUERY PLAN)', () => {
  const cases: [string, string, RegExp][] = [
    [
      'grants by agent (agent page)',
      'SELECT * FROM grants WHERE agent_id = ? ORDER BY created_at',
      /SEARCH grants USING INDEX grants_by_agent \(agent_id=\?\)/,
    ],
    [
      'grants of a page of agents in one environment (matrix page)',
      'SELECT * FROM grants WHERE environment_id = ? AND agent_id IN (SELECT value FROM json_each(?)) ORDER BY agent_id, created_at, rowid',
      /SEARCH grants USING INDEX grants_by_environment \(environment_id=\? AND agent_id=\?\)/,
    ],
    [
      'grants by system (delete impact)',
      'SELECT count(*) AS n FROM grants WHERE system_id = ?',
      /SEARCH grants USING (COVERING )?INDEX grants_by_system \(system_id=\?\)/,
    ],
    [
      'agents of a workflow',
      'SELECT count(*) AS n FROM agent_workflows WHERE workflow_id = ?',
      /SEARCH agent_workflows USING (COVERING )?INDEX agent_workflows_by_workflow \(workflow_id=\?\)/,
    ],
    [
      'drill events by drill (incremental load)',
      'SELECT seq, monotonic_ms, wall_clock, type, payload_json FROM drill_events WHERE drill_id = ? AND seq > ? ORDER BY seq LIMIT ?',
      /SEARCH drill_events USING PRIMARY KEY \(drill_id=\? AND seq>\?\)/,
    ],
    [
      'last drill event (append path)',
      'SELECT seq, monotonic_ms, wall_clock, type, payload_json FROM drill_events WHERE drill_id = ? ORDER BY seq DESC LIMIT 1',
      /SEARCH drill_events USING PRIMARY KEY \(drill_id=\?\)/,
    ],
    [
      'drills of an agent (history)',
      'SELECT drill_id FROM drill_agents WHERE agent_id = ?',
      /SEARCH drill_agents USING (COVERING )?INDEX drill_agents_by_agent \(agent_id=\?\)/,
    ],
    [
      'answers by agent',
      'SELECT agent_id, control_id, checklist_version, value FROM answers WHERE agent_id = ?',
      /SEARCH answers USING INDEX sqlite_autoindex_answers_1 \(agent_id=\?\)/,
    ],
    [
      'evidence by agent',
      'SELECT id FROM evidence WHERE agent_id = ?',
      /SEARCH evidence USING (COVERING )?INDEX evidence_by_agent \(agent_id=\?\)/,
    ],
    [
      'accepted risks by agent',
      'SELECT * FROM accepted_risks WHERE agent_id = ?',
      /SEARCH accepted_risks USING INDEX accepted_risks_by_agent \(agent_id=\?\)/,
    ],
  ];
  for (const [name, sql, expected] of cases) {
    it(name, () => {
      expect(plan(db, sql)).toMatch(expected);
    });
  }

  it('the queries above are the ones the app issues', () => {
    const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
    for (const sql of [
      'SELECT * FROM grants WHERE agent_id = ? ORDER BY created_at',
      'SELECT * FROM grants WHERE environment_id = ? AND agent_id IN (SELECT value FROM json_each(?)) ORDER BY agent_id, created_at, rowid',
      'SELECT seq, monotonic_ms, wall_clock, type, payload_json FROM drill_events WHERE drill_id = ? ORDER BY seq DESC LIMIT 1',
    ]) {
      expect([...issued]).toContain(norm(sql));
    }
  });

  it('no statement the app issued with a key lookup scans a large table', () => {
    const offenders: string[] = [];
    for (const sql of issued) {
      if (!/^(SELECT|UPDATE|DELETE)\b/i.test(sql) || !/WHERE[^()]*\b\w+ = \?/i.test(sql)) continue;
      const p = plan(db, sql);
      for (const t of LARGE) if (new RegExp(`\\bSCAN ${t}\\b(?! USING)`).test(p)) offenders.push(`${sql}\n    -> ${p}`);
    }
    expect(issued.size).toBeGreaterThan(10);
    expect(offenders).toEqual([]);
  });
});
