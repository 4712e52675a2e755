/**
 * Re-attribution (issue 13: "events from unknown actors are listed, never dropped"): the rows of events whose actor
 * matched no agent when imported, read back as core events, and the update that attributes them once the inventory
 * gains the credential, role or service account that explains them. Only what the row kept is read: the actor
 * reference (fingerprint, role ARN or service account) and the actor hint; the environment a record named stays.
 */
import type { Database, Statement } from 'better-sqlite3';
import {
  isProductionDestructive,
  type ActivityEvent,
  type ActorHints,
  type AnalysedEvent,
  type ApprovalBy,
} from '../../../core/activity/index';
import type { ActionClass } from '../../../core/inventory/model';
import type { WriteTx } from '../mutate/index';

export type UnknownEventRow = {
  seq: number;
  source_id: string;
  time: string | null;
  actor_ref: string | null;
  actor_hint: string | null;
  environment_id: string | null;
  environment_hinted: number;
  action_class: string;
  action: string;
  target: string | null;
  outcome: string;
  approval_decision: string | null;
  approval_by: string | null;
  approval_source: string | null;
  line: number;
  record: number | null;
};

/** The actors of unknown-actor events, each once: attribution is tried per actor, not per event. */
export const unknownActors = (db: Database): { actor_ref: string | null; actor_hint: string | null }[] =>
  db.prepare('SELECT DISTINCT actor_ref, actor_hint FROM activity_events WHERE agent_id IS NULL').all() as {
    actor_ref: string | null;
    actor_hint: string | null;
  }[];

/** The unknown-actor events of one actor, in import order, `limit` after `afterSeq` (paged so 1 M events never load at once). */
export function unknownEventsOf(
  db: Database,
  actor: { actor_ref: string | null; actor_hint: string | null },
  afterSeq: number,
  limit: number,
): UnknownEventRow[] {
  return db
    .prepare(
      `SELECT seq, source_id, time, actor_ref, actor_hint, environment_id, environment_hinted, action_class, action, target, outcome,
         approval_decision, approval_by, approval_source, line, record
       FROM activity_events WHERE agent_id IS NULL AND actor_ref IS ? AND actor_hint IS ? AND seq > ? ORDER BY seq LIMIT ?`,
    )
    .all(actor.actor_ref, actor.actor_hint, afterSeq, limit) as UnknownEventRow[];
}

const FINGERPRINT = /^hmac-sha256:[0-9a-f]{32}$/;

/**
 * The actor hints a stored row can give back: the reference and the hint, each as the kind its form shows (a keyed
 * fingerprint, an ARN, a Kubernetes service account); any other hint is a name, tried as database role, user and agent
 * name in the attribution rules' order.
 */
export function actorOf(ref: string | null, hint: string | null): ActorHints {
  const out: ActorHints = {};
  for (const value of [ref, hint]) {
    if (value === null) continue;
    if (FINGERPRINT.test(value)) out.credentialFingerprint ??= value;
    else if (value.startsWith('arn:')) {
      if (/:role\//.test(value)) out.roleArn ??= value;
      else out.principalArn ??= value;
    } else if (value.startsWith('system:serviceaccount:')) out.serviceAccount ??= value;
    else if (value === hint && out.roleArn === undefined && out.principalArn === undefined && out.serviceAccount === undefined) {
      out.dbRole = value;
      out.username = value;
      out.agentName = value;
    }
  }
  return out;
}

/** A stored row as the core event analysis reads it (id = the row's seq). */
export function eventOfRow(r: UnknownEventRow): ActivityEvent {
  return {
    id: String(r.seq),
    correlation: null,
    format: 'cloudtrail', // not read by the analysis; the source row keeps the real one
    time: r.time,
    actor: actorOf(r.actor_ref, r.actor_hint),
    env: {},
    action: r.action,
    target: r.target,
    actionClass: r.action_class as ActionClass,
    classWhy: '',
    outcome: r.outcome as ActivityEvent['outcome'],
    outcomeWhy: '',
    approval:
      r.approval_decision === null
        ? null
        : {
            decision: r.approval_decision as 'approved' | 'rejected',
            by: (r.approval_by ?? 'policy') as ApprovalBy,
            source: r.approval_source ?? '',
          },
    source: { file: r.source_id, line: r.line, ...(r.record === null ? {} : { record: r.record }) },
  };
}

const prepared = new WeakMap<Database, { update: Statement; addReason: Statement; reasonId: Statement }>();

/** Writes the new attribution, environment and grant check of events that now have an agent (inside the caller's transaction). */
export function attributeEvents(tx: WriteTx, analysed: readonly AnalysedEvent[], why: (a: AnalysedEvent) => string): void {
  let s = prepared.get(tx.db);
  if (!s) {
    s = {
      update: tx.db.prepare(
        `UPDATE activity_events SET agent_id = ?, agent_name = ?, attribution_why = ?, environment_id = ?, environment_name = ?,
           environment_tier = ?, environment_hinted = ?, grant_allowed = ?, grant_id = ?, grant_gate = ?, grant_why = ?, priority = ?
         WHERE seq = ? AND agent_id IS NULL`,
      ),
      addReason: tx.db.prepare('INSERT OR IGNORE INTO activity_reasons (text) VALUES (?)'),
      reasonId: tx.db.prepare('SELECT id FROM activity_reasons WHERE text = ?').pluck(),
    };
    prepared.set(tx.db, s);
  }
  const st = s;
  const reasons = new Map<string, number>();
  const reason = (text: string): number => {
    let id = reasons.get(text);
    if (id === undefined) {
      st.addReason.run(text);
      id = st.reasonId.get(text) as number;
      reasons.set(text, id);
    }
    return id;
  };
  for (const a of analysed)
    st.update.run(
      a.attribution.agentId,
      a.attribution.agentName,
      reason(why(a)),
      a.environment.environmentId,
      a.environment.name,
      a.environment.tier,
      a.environment.basis === 'hint' ? 1 : 0,
      a.grants.allowed === null ? null : a.grants.allowed ? 1 : 0,
      a.grants.grantId,
      a.grants.gate,
      reason(a.grants.why),
      isProductionDestructive(a) ? 0 : 1,
      Number(a.event.id),
    );
}
