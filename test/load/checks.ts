/**
 * The end-of-run checks, against the database as the app reads it (agent:get, drills:events,
 * history:verify through an admin's session), not against the clients' bookkeeping alone.
 *
 * Lost updates (issue 14 §4): an acknowledged edit must be the record's current state, or be
 * superseded by a later acknowledged edit of the same record with a higher version; two
 * acknowledged edits made from the same version of a record mean one overwrote the other; an
 * acknowledged save must have raised the version it was made from by exactly one.
 *
 * Each acknowledged edit is also in the record's change history (history:list): once, under the
 * person who saved it, in the order of the versions.
 *
 * Lost acknowledged events: every event the server acknowledged is in its drill's timeline at the
 * seq it was given, with its type and text (each text once), and each timeline is one gap-free
 * sequence 1..n.
 */
import type { TeamClient } from './client';
import { WORKSPACE, type Target } from './seed';
import type { AckedEdit, AckedEvent } from './workload';

export type Problem = { what: string; detail: string };
export type CheckResult = {
  lostUpdates: number;
  lostEvents: number;
  /** Drills whose timeline is not 1..n. */
  sequenceGaps: number;
  /** Acknowledged edits the change history does not hold once, under their author, in version order. */
  unrecorded: number;
  history: { intact: boolean; count: number; message: string };
  problems: Problem[];
};

/** A record as read at the end: its version and the field the editors write (null: the record is gone). */
export type Current = { version: number; value: string } | null;
export type TimelineEvent = { seq: number; type: string; payload: { text?: string } };

/** The acknowledged edits of one record against its current state: one problem per lost update. */
export function judgeEdits(edits: AckedEdit[], current: Current): Problem[] {
  const problems: Problem[] = [];
  const lose = (e: AckedEdit, detail: string) =>
    problems.push({ what: 'lost update', detail: `${e.kind} ${e.id} "${e.value}" (v${e.baseVersion} -> v${e.version}): ${detail}` });
  const top = Math.max(...edits.map((e) => e.version));
  const fromBase = new Map<number, AckedEdit[]>();
  for (const e of edits) {
    fromBase.set(e.baseVersion, [...(fromBase.get(e.baseVersion) ?? []), e]);
    if (e.version !== e.baseVersion + 1) lose(e, 'the save did not raise the version it was made from by one');
    if (e.version < top) continue; // superseded by a later acknowledged edit
    if (!current) lose(e, 'the record is gone');
    else if (current.version !== e.version || current.value !== e.value)
      lose(e, `the record is at v${current.version} with "${current.value}", which no later acknowledged edit explains`);
  }
  for (const same of fromBase.values())
    for (const e of same.slice(1)) lose(e, `acknowledged like ${same.length - 1} other save(s) made from the same version`);
  return problems;
}

/** A drill's acknowledged events against its timeline: problems for a gap in the sequence and for each lost event. */
export function judgeTimeline(drillId: string, acked: AckedEvent[], timeline: TimelineEvent[]): { gaps: Problem[]; lost: Problem[] } {
  const gaps: Problem[] = [];
  const bad = timeline.findIndex((e, i) => e.seq !== i + 1);
  if (bad >= 0)
    gaps.push({ what: 'sequence gap', detail: `drill ${drillId}: event ${bad + 1} of the timeline has seq ${timeline[bad]!.seq}` });
  const at = new Map(timeline.map((e) => [e.seq, e]));
  const texts = new Map<string, number>();
  for (const e of timeline) if (e.payload.text) texts.set(e.payload.text, (texts.get(e.payload.text) ?? 0) + 1);
  const lost: Problem[] = [];
  for (const a of acked) {
    const found = at.get(a.seq);
    const same = found !== undefined && found.type === a.type && (a.text === null || found.payload.text === a.text);
    if (same && (a.text === null || texts.get(a.text) === 1)) continue;
    const seen = found ? `${found.type} "${found.payload.text ?? ''}" is there` : 'nothing is there';
    lost.push({
      what: 'lost event',
      detail: `drill ${drillId} seq ${a.seq} ${a.type} "${a.text ?? ''}": ${seen} (${texts.get(a.text ?? '') ?? 0} with its text)`,
    });
  }
  return { gaps, lost };
}

export type HistoryItem = { seq: number; action: string; actor: { name: string }; after: Record<string, unknown> | null };

/**
 * The acknowledged edits of one record against its change history (the system of record, issue
 * 11): each there once, under its author, and in the order of the versions the saves made.
 */
export function judgeHistory(edits: AckedEdit[], field: string, history: HistoryItem[]): Problem[] {
  const byValue = new Map<unknown, HistoryItem[]>();
  for (const h of history) if (h.action === 'update') byValue.set(h.after?.[field], [...(byValue.get(h.after?.[field]) ?? []), h]);
  const problems: Problem[] = [];
  const placed: { e: AckedEdit; seq: number }[] = [];
  for (const e of edits) {
    const found = byValue.get(e.value) ?? [];
    if (found.length === 1 && found[0]!.actor.name === e.by) placed.push({ e, seq: found[0]!.seq });
    else {
      const seen = found[0] ? `${found.length} entries, the first by ${found[0].actor.name}` : 'no entry';
      problems.push({ what: 'not in the history', detail: `${e.kind} ${e.id} "${e.value}" by ${e.by} (v${e.version}): ${seen}` });
    }
  }
  placed.sort((a, b) => a.e.version - b.e.version);
  for (const [i, p] of placed.entries())
    if (i > 0 && p.seq < placed[i - 1]!.seq)
      problems.push({
        what: 'history out of order',
        detail: `${p.e.kind} ${p.e.id}: v${p.e.version} is entry ${p.seq}, before v${placed[i - 1]!.e.version}'s ${placed[i - 1]!.seq}`,
      });
  return problems;
}

type Versioned = { id: string; version: number; purpose?: string; justification?: string };

async function historyOf(admin: TeamClient, origin: string, entityId: string): Promise<HistoryItem[]> {
  const out: HistoryItem[] = [];
  for (let total = Infinity; out.length < total;) {
    const page = await admin.must<{ total: number; entries: HistoryItem[] }>(origin, 'history:list', {
      workspaceId: WORKSPACE.id,
      filter: { entityId },
      offset: out.length,
      limit: 500,
    });
    total = page.total;
    out.push(...page.entries);
    if (page.entries.length === 0) break;
  }
  return out;
}

export async function checkRun(
  admin: TeamClient,
  origins: string[],
  targets: Target[],
  edits: AckedEdit[],
  events: AckedEvent[],
): Promise<CheckResult> {
  const ws = { workspaceId: WORKSPACE.id };
  const problems: Problem[] = [];
  let lostUpdates = 0;
  let unrecorded = 0;
  for (const [n, target] of targets.entries()) {
    const mine = edits.filter((e) => e.id === target.id);
    if (mine.length === 0) continue;
    // Read through each instance in turn: every one must see the committed state.
    const page = await admin.must<{ agent: Versioned; grants: Versioned[] }>(origins[n % origins.length]!, 'agent:get', {
      ...ws,
      id: target.agentId,
    });
    const record = target.kind === 'agent' ? page.agent : page.grants.find((g) => g.id === target.id);
    const value = (target.kind === 'agent' ? record?.purpose : record?.justification) ?? '';
    const found = judgeEdits(mine, record ? { version: record.version, value } : null);
    lostUpdates += found.length;
    const missing = judgeHistory(
      mine,
      target.kind === 'agent' ? 'purpose' : 'justification',
      await historyOf(admin, origins[(n + 1) % origins.length]!, target.id),
    );
    unrecorded += missing.length;
    problems.push(...found, ...missing);
  }

  let lostEvents = 0;
  let sequenceGaps = 0;
  const drillIds = [...new Set(events.map((e) => e.drillId))];
  for (const [n, drillId] of drillIds.entries()) {
    const page = await admin.must<{ events: TimelineEvent[] }>(origins[n % origins.length]!, 'drills:events', {
      ...ws,
      drillId,
      limit: 20000,
    });
    const { gaps, lost } = judgeTimeline(
      drillId,
      events.filter((e) => e.drillId === drillId),
      page.events,
    );
    sequenceGaps += gaps.length;
    lostEvents += lost.length;
    problems.push(...gaps, ...lost);
  }

  const v = await admin.must<{ intact: boolean; count: number; message: string }>(origins[0]!, 'history:verify', ws);
  if (!v.intact) problems.push({ what: 'history', detail: v.message });
  return { lostUpdates, lostEvents, sequenceGaps, unrecorded, history: { intact: v.intact, count: v.count, message: v.message }, problems };
}
