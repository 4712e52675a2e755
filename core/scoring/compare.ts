/** Compare two scoring results (e.g. two assessments): what improved, what regressed, and why. */
import type { AgentScore, AnswerValue, ControlResult, Verdict, WorkspaceScores } from './types';

export type ControlChange = {
  controlId: string;
  title: string;
  before: AnswerValue | null;
  after: AnswerValue | null;
  direction: 'improved' | 'regressed' | 'changed';
  why: string[];
};

export type AgentComparison = {
  agentId: string;
  agentName: string;
  before: number | null;
  after: number | null;
  delta: number | null;
  verdictBefore: Verdict | null;
  verdictAfter: Verdict | null;
  direction: 'improved' | 'regressed' | 'unchanged' | 'added' | 'removed';
  changes: ControlChange[];
};

export type ScoresComparison = {
  checklistBefore: string;
  checklistAfter: string;
  meanBefore: number | null;
  meanAfter: number | null;
  delta: number | null;
  improved: number;
  regressed: number;
  agents: AgentComparison[];
};

const rank = (v: AnswerValue | null): number => (v === 'yes' ? 3 : v === 'partial' ? 2 : v === 'no' ? 1 : 0);

function controlChanges(a: AgentScore | undefined, b: AgentScore | undefined): ControlChange[] {
  const before = new Map((a?.controls ?? []).map((c) => [c.controlId, c]));
  const after = new Map((b?.controls ?? []).map((c) => [c.controlId, c]));
  const ids = [...new Set([...before.keys(), ...after.keys()])];
  const out: ControlChange[] = [];
  for (const id of ids) {
    const x: ControlResult | undefined = before.get(id);
    const y: ControlResult | undefined = after.get(id);
    const why: string[] = [];
    if (!x) why.push('Control added by the newer checklist version.');
    if (!y) why.push('Control removed in the newer checklist version.');
    const openX = new Map((x?.findings ?? []).filter((f) => f.status === 'open').map((f) => [f.key, f.message]));
    const openY = new Map((y?.findings ?? []).filter((f) => f.status === 'open').map((f) => [f.key, f.message]));
    for (const [key, msg] of openX) if (!openY.has(key)) why.push(`Resolved: ${msg}`);
    for (const [key, msg] of openY) if (!openX.has(key)) why.push(`New finding: ${msg}`);
    if (x && y && x.answered !== y.answered)
      why.push(`Answer changed from ${x.answered ?? 'unanswered'} to ${y.answered ?? 'unanswered'}.`);
    if (y?.decayed && !x?.decayed) why.push('Evidence went stale (older than the review period).');
    if (x?.decayed && !y?.decayed) why.push('Fresh evidence was added.');
    const accX = (x?.findings ?? []).filter((f) => f.status === 'accepted').length;
    const accY = (y?.findings ?? []).filter((f) => f.status === 'accepted').length;
    if (accY > accX) why.push(`${accY - accX} finding(s) accepted as documented risk.`);
    const e1 = x?.effective ?? null;
    const e2 = y?.effective ?? null;
    if (e1 === e2 && why.length === 0) continue;
    if (e1 === e2 && x && y) continue; // same result: details alone are not a change
    const direction = !x || !y ? 'changed' : rank(e2) > rank(e1) ? 'improved' : rank(e2) < rank(e1) ? 'regressed' : 'changed';
    if (why.length === 0) why.push(`Counted as ${e2 ?? 'absent'} instead of ${e1 ?? 'absent'}.`);
    out.push({ controlId: id, title: y?.title ?? x?.title ?? id, before: e1, after: e2, direction, why });
  }
  return out.sort((p, q) => (p.direction === q.direction ? p.controlId.localeCompare(q.controlId) : p.direction === 'regressed' ? -1 : 1));
}

/**
 * Compare an earlier result with a later one. Agents are matched by id; agents only in one side are
 * reported as added or removed. Sorted with the largest regressions first.
 */
export function compareScores(before: WorkspaceScores, after: WorkspaceScores): ScoresComparison {
  const a = new Map(before.agents.map((x) => [x.agentId, x]));
  const b = new Map(after.agents.map((x) => [x.agentId, x]));
  const ids = [...new Set([...a.keys(), ...b.keys()])];
  const agents: AgentComparison[] = ids.map((id) => {
    const x = a.get(id);
    const y = b.get(id);
    const delta = x && y ? y.score - x.score : null;
    const direction = !x ? 'added' : !y ? 'removed' : delta! > 0 ? 'improved' : delta! < 0 ? 'regressed' : 'unchanged';
    return {
      agentId: id,
      agentName: y?.agentName ?? x?.agentName ?? id,
      before: x?.score ?? null,
      after: y?.score ?? null,
      delta,
      verdictBefore: x?.verdict ?? null,
      verdictAfter: y?.verdict ?? null,
      direction,
      changes: x && y ? controlChanges(x, y) : [],
    };
  });
  agents.sort((p, q) => (p.delta ?? 0) - (q.delta ?? 0) || p.agentName.localeCompare(q.agentName));
  const meanBefore = before.workspace.meanScore;
  const meanAfter = after.workspace.meanScore;
  return {
    checklistBefore: `${before.checklist.id} ${before.checklist.version}`,
    checklistAfter: `${after.checklist.id} ${after.checklist.version}`,
    meanBefore,
    meanAfter,
    delta: meanBefore !== null && meanAfter !== null ? meanAfter - meanBefore : null,
    improved: agents.filter((x) => x.direction === 'improved').length,
    regressed: agents.filter((x) => x.direction === 'regressed').length,
    agents,
  };
}
