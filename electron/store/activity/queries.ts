/** Activity reads: sources, the paged timeline, events by id, and the rows the summaries and findings are computed from. */
import type { Database } from 'better-sqlite3';
import type { ActivityFormat, AnalysedEvent, ApprovalBy } from '../../../core/activity/index';
import type { ActivitySource, TimelineEvent, TimelineQuery } from '../../../core/activity/contract';
import type { ActionClass, ApprovalGate, EnvironmentTier } from '../../../core/inventory/model';

type SourceRow = {
  id: string;
  path: string;
  real_path: string;
  format: string;
  sha256: string;
  bytes: number;
  event_count: number;
  issue_count: number;
  period_from: string | null;
  period_until: string | null;
  imported_at: string;
  imported_by: string;
};
const toSource = (r: SourceRow): ActivitySource => ({
  id: r.id,
  path: r.path,
  realPath: r.real_path,
  format: r.format,
  sha256: r.sha256,
  bytes: r.bytes,
  eventCount: r.event_count,
  issueCount: r.issue_count,
  periodFrom: r.period_from,
  periodUntil: r.period_until,
  importedAt: r.imported_at,
  importedBy: r.imported_by,
});

export const listSources = (db: Database): ActivitySource[] =>
  (db.prepare('SELECT * FROM activity_sources ORDER BY imported_at, path').all() as SourceRow[]).map(toSource);

export const sourceByHash = (db: Database, sha256: string): ActivitySource | null => {
  const row = db.prepare('SELECT * FROM activity_sources WHERE sha256 = ? AND event_count > 0 LIMIT 1').get(sha256) as
    SourceRow | undefined;
  return row ? toSource(row) : null;
};

type EventRow = {
  seq: number;
  source_id: string;
  source_path: string;
  time: string | null;
  actor_ref: string | null;
  actor_hint: string | null;
  agent_id: string | null;
  agent_name: string | null;
  attribution_why: string;
  environment_id: string | null;
  environment_name: string | null;
  environment_tier: string | null;
  environment_hinted: number;
  action_class: string;
  action: string;
  target: string | null;
  outcome: string;
  approval_decision: string | null;
  approval_by: string | null;
  approval_source: string | null;
  grant_allowed: number | null;
  grant_id: string | null;
  grant_gate: string | null;
  grant_why: string;
  priority: number;
  line: number;
  record: number | null;
};

const SELECT = `SELECT e.*, s.path AS source_path, ra.text AS attribution_why, rg.text AS grant_why
  FROM activity_events e JOIN activity_sources s ON s.id = e.source_id
  JOIN activity_reasons ra ON ra.id = e.attribution_why JOIN activity_reasons rg ON rg.id = e.grant_why`;

const toTimeline = (r: EventRow): TimelineEvent => ({
  id: String(r.seq),
  sourceId: r.source_id,
  sourceFile: r.source_path,
  line: r.line,
  record: r.record,
  time: r.time,
  actor: r.actor_hint,
  agentId: r.agent_id,
  agentName: r.agent_name,
  attributionWhy: r.attribution_why,
  environmentName: r.environment_name,
  environmentTier: r.environment_tier,
  actionClass: r.action_class,
  action: r.action,
  target: r.target,
  outcome: r.outcome,
  approval:
    r.approval_decision === null ? null : { decision: r.approval_decision, by: r.approval_by ?? '', source: r.approval_source ?? '' },
  grantAllowed: r.grant_allowed === null ? null : r.grant_allowed === 1,
  grantWhy: r.grant_why,
  destructiveInProduction: r.priority === 0,
});

function where(q: Omit<Partial<TimelineQuery>, 'workspaceId'>): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown): void => {
    parts.push(sql);
    params.push(value);
  };
  if (q.agentId === 'unknown') parts.push('e.agent_id IS NULL');
  else if (q.agentId !== undefined) add('e.agent_id = ?', q.agentId);
  if (q.environmentTier !== undefined) add('e.environment_tier = ?', q.environmentTier);
  if (q.actionClass !== undefined) add('e.action_class = ?', q.actionClass);
  if (q.outcome !== undefined) add('e.outcome = ?', q.outcome);
  if (q.destructiveInProduction === true) parts.push('e.priority = 0');
  else if (q.destructiveInProduction === false) parts.push('e.priority <> 0');
  // Stored times are the parsers' UTC ISO form, so a normalised bound compares as text.
  if (q.from !== undefined) add('(e.time IS NULL OR e.time >= ?)', new Date(q.from).toISOString());
  if (q.until !== undefined) add('(e.time IS NULL OR e.time <= ?)', new Date(q.until).toISOString());
  return { sql: parts.length === 0 ? '' : ` WHERE ${parts.join(' AND ')}`, params };
}

/** Destructive production actions first, then newest first (timeless events last). */
export function timeline(db: Database, q: TimelineQuery): { total: number; events: TimelineEvent[] } {
  const w = where(q);
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM activity_events e${w.sql}`).get(...w.params) as { n: number }).n;
  const rows = db
    .prepare(`${SELECT}${w.sql} ORDER BY e.priority, e.time IS NULL, e.time DESC, e.seq LIMIT ? OFFSET ?`)
    .all(...w.params, q.limit, q.offset) as EventRow[];
  return { total, events: rows.map(toTimeline) };
}

export type AgentTotals = {
  agentId: string | null;
  agentName: string | null;
  events: number;
  denied: number;
  firstSeen: string | null;
  lastSeen: string | null;
};

/** Per agent (unknown actors under null) for the period: event and denial counts, first and last seen. One aggregate, no event loaded. */
export function agentTotals(db: Database, period: { from?: string; until?: string } = {}): AgentTotals[] {
  const w = where(period);
  return db
    .prepare(
      `SELECT e.agent_id AS agentId, MAX(e.agent_name) AS agentName, COUNT(*) AS events, SUM(e.outcome = 'denied') AS denied,
         MIN(e.time) AS firstSeen, MAX(e.time) AS lastSeen
       FROM activity_events e${w.sql} GROUP BY e.agent_id`,
    )
    .all(...w.params) as AgentTotals[];
}

export function eventsByIds(db: Database, ids: readonly string[]): TimelineEvent[] {
  if (ids.length === 0) return [];
  const rows = db
    .prepare(`${SELECT} WHERE e.seq IN (SELECT value FROM json_each(?)) ORDER BY e.time, e.seq`)
    .all(JSON.stringify(ids.map(Number))) as EventRow[];
  return rows.map(toTimeline);
}

/**
 * The stored events as core's AnalysedEvent, for summariseByAgent and activityFindings: only the
 * fields those read are rebuilt; the event id is the row's sequence number (what the timeline shows).
 */
export function analysedEvents(
  db: Database,
  period: { from?: string; until?: string } = {},
  /** Only the events a scoring finding can come from: destructive in production, or outside the grants. */
  scoringOnly = false,
  /** The grants' gates as they are now: a gate added after the import applies to the events it covers. */
  currentGates?: ReadonlyMap<string, ApprovalGate>,
): AnalysedEvent[] {
  const w = where(period);
  if (scoringOnly) w.sql += `${w.sql === '' ? ' WHERE' : ' AND'} (e.priority = 0 OR e.grant_allowed = 0)`;
  const out: AnalysedEvent[] = [];
  for (const r of db.prepare(`${SELECT}${w.sql} ORDER BY e.time, e.seq`).iterate(...w.params) as IterableIterator<EventRow>) {
    out.push({
      event: {
        id: String(r.seq),
        correlation: null,
        format: 'cloudtrail' as ActivityFormat, // not read by the summaries or findings; the source row keeps the real one
        time: r.time,
        // The credential the "used in two environments" rule groups by: the stored reference, else the actor the record named (a database role).
        actor: (r.actor_ref ?? r.actor_hint) === null ? {} : { credentialFingerprint: r.actor_ref ?? r.actor_hint ?? '' },
        env: {},
        action: r.action,
        target: r.target,
        actionClass: r.action_class as ActionClass,
        classWhy: '',
        outcome: r.outcome as AnalysedEvent['event']['outcome'],
        outcomeWhy: '',
        approval:
          r.approval_decision === null
            ? null
            : {
                decision: r.approval_decision as 'approved' | 'rejected',
                by: (r.approval_by ?? 'policy') as ApprovalBy,
                source: r.approval_source ?? '',
              },
        source: { file: r.source_path, line: r.line, ...(r.record === null ? {} : { record: r.record }) },
      },
      attribution: { agentId: r.agent_id, agentName: r.agent_name, grantId: null, via: null, why: r.attribution_why },
      environment: {
        environmentId: r.environment_id,
        systemId: null,
        basis: r.environment_hinted === 1 ? 'hint' : r.environment_id === null ? 'none' : 'grant',
        why: '',
        tier: r.environment_tier as EnvironmentTier | null,
        name: r.environment_name,
      },
      grants: {
        allowed: r.grant_allowed === null ? null : r.grant_allowed === 1,
        grantId: r.grant_id,
        gate: (r.grant_id !== null ? currentGates?.get(r.grant_id) : undefined) ?? (r.grant_gate as ApprovalGate | null),
        why: r.grant_why,
      },
    });
  }
  return out;
}

/** Events per agent (for scoring's "no log source" and the LOG evidence). */
export const agentsWithEvents = (db: Database): Set<string> =>
  new Set(
    (db.prepare('SELECT DISTINCT agent_id FROM activity_events WHERE agent_id IS NOT NULL').all() as { agent_id: string }[]).map(
      (r) => r.agent_id,
    ),
  );
