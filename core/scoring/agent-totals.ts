/**
 * From the per-control decisions of one agent to its score, area scores, verdict and cap reasons.
 * Shared by the full result (an agent's page) and the numbers-only pass (every agent of a
 * workspace), so both always agree.
 */
import type { Checklist, Control } from '../checklist/schema';
import { grantAt, type AgentData } from './data-index';
import type { PreparedRun } from './prepared-run';
import type { AreaTable } from './area-table';
import type { AgentScore, AnswerSource, AnswerValue, Verdict } from './types';

/** Per-control decisions of one agent, aligned with checklist.controls. Reused across agents. */
export type Tallies = {
  /** 0, 1 or 2; -1 when n/a. */
  points: Int8Array;
  effective: AnswerValue[];
  source: AnswerSource[];
  open: Int32Array;
  accepted: Int32Array;
  /** The first open finding's message, filled only for critical controls with open findings. */
  firstOpen: (string | null)[];
};

export const newTallies = (n: number): Tallies => ({
  points: new Int8Array(n),
  effective: new Array<AnswerValue>(n).fill('no'),
  source: new Array<AnswerSource>(n).fill('unanswered'),
  open: new Int32Array(n),
  accepted: new Int32Array(n),
  firstOpen: new Array<string | null>(n).fill(null),
});

/**
 * Cap reasons that only depend on the control are built once per control and shared (strings never
 * change): at 10k agents with a few unanswered critical controls each, building them per agent
 * kept tens of thousands of identical strings alive with the cached scores.
 */
const sharedReasons = new WeakMap<Control, { unanswered?: string; no?: string }>();
const sameFor = (c: Control, kind: 'unanswered' | 'no', build: () => string): string => {
  let r = sharedReasons.get(c);
  if (!r) sharedReasons.set(c, (r = {}));
  return (r[kind] ??= build());
};

/** Verdict band for a score under the checklist's bands. */
export const band = (score: number, bands: Checklist['bands']): Verdict =>
  score >= bands.ready ? 'ready' : score >= bands.conditional ? 'conditional' : 'not-ready';

export type AgentTotals = Pick<
  AgentScore,
  'score' | 'verdict' | 'bandVerdict' | 'capReasons' | 'openFindings' | 'acceptedFindings' | 'blastRadius'
>;

/**
 * Score = sum(weight x points) / sum(weight x 2) x 100 over applicable controls, rounded to an integer.
 * Any critical control at "no" or with an open finding caps the verdict at Not ready.
 */
export function agentTotals(run: PreparedRun, d: AgentData, t: Tallies, table: AreaTable, row: number): AgentTotals {
  const controls = run.checklist.controls;
  // The area sums go to the table's row (zero-filled when the table was made).
  const base = row * run.areas.length;
  const { earned: areaEarned, possible: areaPossible, applicable: areaApplicable } = table;
  let earned = 0;
  let possible = 0;
  for (let i = 0; i < controls.length; i++) {
    const p = t.points[i]!;
    if (p < 0) continue;
    const w = controls[i]!.weight;
    earned += w * p;
    possible += w * 2;
    const k = base + run.areaOf[i]!;
    areaEarned[k]! += w * p;
    areaPossible[k]! += w * 2;
    areaApplicable[k]! += 1;
  }
  const score = possible > 0 ? Math.round((earned * 100) / possible) : 0;
  const capReasons: string[] = [];
  if (possible === 0) capReasons.push('No control applies to this agent, so there is nothing to vouch for it.');
  // Most telling first: what the data proves (open findings), then answers of no, then gaps in answering.
  let byNo: string[] | null = null;
  let byUnanswered: string[] | null = null;
  let openFindings = 0;
  let acceptedFindings = 0;
  for (let i = 0; i < controls.length; i++) {
    const c = controls[i]!;
    const open = t.open[i]!;
    openFindings += open;
    acceptedFindings += t.accepted[i]!;
    if (!c.critical) continue;
    if (open > 0)
      capReasons.push(`${c.id} ${c.title}: ${open} open finding${open > 1 ? 's' : ''} (${t.firstOpen[i]}${open > 1 ? ' …' : ''})`);
    else if (t.effective[i] === 'no') {
      if (t.source[i] === 'unanswered') (byUnanswered ??= []).push(sameFor(c, 'unanswered', () => `${c.id} ${c.title}: not answered yet.`));
      else (byNo ??= []).push(sameFor(c, 'no', () => `${c.id} ${c.title}: answered no.`));
    }
  }
  if (byNo) for (const r of byNo) capReasons.push(r);
  if (byUnanswered) for (const r of byUnanswered) capReasons.push(r);
  const bandVerdict = band(score, run.checklist.bands);
  return {
    score,
    verdict: capReasons.length > 0 ? 'not-ready' : bandVerdict,
    bandVerdict,
    capReasons,
    openFindings,
    acceptedFindings,
    blastRadius: blastRadiusOf(run, d),
  };
}

/** Highest blast radius among the agent's grants (0-100). */
function blastRadiusOf(run: PreparedRun, d: AgentData): number {
  const { ix } = run;
  let blastRadius = 0;
  for (let k = 0; k < d.count; k++) {
    const b = ix.blast[grantAt(ix, d, k)]!;
    if (b > blastRadius) blastRadius = b;
  }
  return blastRadius;
}
