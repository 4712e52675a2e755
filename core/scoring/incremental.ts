/**
 * Incremental scoring (issue 16): after an edit, only the agents it touches are scored again, and
 * the roll-ups, verdict counts, area sums and top risks move by delta. `scoreWorkspace` stays the
 * reference: a property test holds the two equal after every step of random edits.
 *
 * The agents an edit touches are named by the caller (the service reads them off the change
 * history); agents sharing a credential identity with a changed grant are added here (`fanKeys`).
 * A touched agent is scored on a small input: its own grants and answers, plus every grant (and its
 * agent, for names) that shares one of its credential identities, which is all the cross-agent data
 * a rule reads. Everything else (checklist, drills, behaviour findings) is unchanged by such an
 * edit; any change to those is a full re-score. The discovery drift, which follows the declared
 * inventory, comes whole with the patch: agents whose drift items changed are re-scored.
 */
import type { Agent, Environment, Grant, System } from '../inventory/model';
import type { GrantApprovalRecord, GrantApprovalRecords } from '../approvals/model';
import type { RecoveryEvidence } from '../evidence/drill-evidence';
import type { BehaviourFinding } from './behaviour';
import type { ControlArea } from '../checklist/schema';
import type { DriftEvidence } from '../discovery/drift-evidence';
import { credentialKey, type AgentData, type DataIndex } from './data-index';
import { scoreWorkspaceRun, type RunResult } from './engine';
import { riskItem } from './rollup';
import { RollupSums, TopRiskIndex } from './rollup-delta';
import type { AcceptedRisk, Answer, AgentScore, ScoringInput, WorkspaceScores } from './types';

/** What changed, per agent: its new grants / answers / accepted risks (whole lists), and which systems or environments changed. */
export type ScoresPatch = {
  touched: Set<string>;
  /** Credential identities (normalised) a grant started or stopped using: every agent using one is touched. */
  fanKeys: Set<string>;
  grants?: Map<string, Grant[]>;
  answers?: Map<string, Answer[]>;
  risks?: Map<string, AcceptedRisk[]>;
  /** Grant id -> its approval record now (undefined: none). */
  approvals?: Map<string, GrantApprovalRecord | undefined>;
  systems?: { list: System[]; changed: Set<string> };
  environments?: { list: Environment[]; changed: Set<string> };
  /** The latest discovery run's drift read again (present only when an edit may have moved it). */
  discovery?: DriftEvidence | undefined;
};

/** Agents whose drift items differ between two readings. */
function driftMoved(before: DriftEvidence | undefined, after: DriftEvidence | undefined): string[] {
  const a = before?.byAgent ?? {};
  const b = after?.byAgent ?? {};
  const ids = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...ids].filter((id) => JSON.stringify(a[id] ?? []) !== JSON.stringify(b[id] ?? []));
}

const groupBy = <T extends { agentId: string }>(xs: readonly T[]): Map<string, T[]> => {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const list = m.get(x.agentId);
    if (list) list.push(x);
    else m.set(x.agentId, [x]);
  }
  return m;
};

export class IncrementalScores {
  private input: ScoringInput;
  scores: WorkspaceScores;
  /** Rows the last `apply` re-scored. */
  lastRows: number[] = [];
  private readonly agents: Agent[];
  private readonly rowOf = new Map<string, number>();
  private readonly grantsOf: Map<string, Grant[]>;
  private readonly answersOf: Map<string, Answer[]>;
  private readonly risksOf: Map<string, AcceptedRisk[]>;
  /** Drill recoveries and behaviour findings by agent (a sub-run takes its agents' only). */
  private readonly recoveriesOf: Map<string, RecoveryEvidence[]>;
  private readonly behaviourOf: Map<string, BehaviourFinding[]>;
  /** Approval records changed since the full run (the rest are the full input's). */
  private readonly approvals = new Map<string, GrantApprovalRecord | undefined>();
  /** Credential identity -> agent id -> how many of its grants use it. */
  private readonly credUsers = new Map<string, Map<string, number>>();
  private readonly areas: ControlArea[];
  private readonly nAreas: number;
  private readonly areaScores: Float64Array;
  private readonly sums: RollupSums;
  private readonly workflowSums = new Map<string, RollupSums>();
  private readonly risks = new TopRiskIndex();
  /** Where each row's grants are: the run that scored it last. */
  private readonly ixOf: DataIndex[];
  private readonly dOf: AgentData[];

  constructor(
    input: ScoringInput,
    full: RunResult,
    private readonly limit = 10,
  ) {
    this.input = input;
    this.scores = full.scores;
    this.agents = input.inventory.agents;
    this.agents.forEach((a, i) => this.rowOf.set(a.id, i));
    this.grantsOf = groupBy(input.inventory.grants);
    this.answersOf = groupBy(input.answers);
    this.risksOf = groupBy(input.acceptedRisks);
    this.recoveriesOf = groupBy(input.drillEvidence.recoveries);
    this.behaviourOf = groupBy(input.behaviourFindings ?? []);
    for (const [agentId, gs] of this.grantsOf) this.countCredentials(agentId, gs, 1);
    this.areas = full.table.areas;
    this.nAreas = this.areas.length;
    this.areaScores = new Float64Array(this.agents.length * this.nAreas);
    this.sums = new RollupSums(this.nAreas);
    for (const w of input.inventory.workflows) this.workflowSums.set(w.id, new RollupSums(this.nAreas));
    this.ixOf = new Array<DataIndex>(this.agents.length).fill(full.run.ix);
    this.dOf = full.run.ix.agentList.slice();
    for (let row = 0; row < this.agents.length; row++) {
      this.place(row, full, row);
      this.count(this.scores.agents[row]!, row, 1);
    }
  }

  /** Applies one edit; null when it names an agent this state does not know (the caller re-scores in full). */
  apply(p: ScoresPatch): WorkspaceScores | null {
    const touched = new Set(p.touched);
    const fanKeys = new Set(p.fanKeys);
    if (p.systems || p.environments) {
      const sys = p.systems?.changed;
      const env = p.environments?.changed;
      for (const [agentId, gs] of this.grantsOf)
        for (const g of gs) {
          if (!sys?.has(g.systemId) && !env?.has(g.environmentId)) continue;
          touched.add(agentId);
          // Agents sharing the credential name this environment in their messages ("also used in Production").
          if (env?.has(g.environmentId) && credentialKey(g.credentialIdentity)) fanKeys.add(credentialKey(g.credentialIdentity));
        }
    }
    const fan = (): void => {
      for (const key of fanKeys) for (const id of this.credUsers.get(key)?.keys() ?? []) touched.add(id);
    };
    let discovery = this.input.discovery;
    if ('discovery' in p) {
      for (const id of driftMoved(discovery, p.discovery)) touched.add(id);
      discovery = p.discovery;
    }
    fan(); // users before the edit
    for (const id of touched) if (!this.rowOf.has(id)) return null;
    for (const [agentId, gs] of p.grants ?? []) {
      this.countCredentials(agentId, this.grantsOf.get(agentId) ?? [], -1);
      this.countCredentials(agentId, gs, 1);
      this.grantsOf.set(agentId, gs);
    }
    for (const [agentId, as] of p.answers ?? []) this.answersOf.set(agentId, as);
    for (const [agentId, rs] of p.risks ?? []) this.risksOf.set(agentId, rs);
    for (const [grantId, rec] of p.approvals ?? []) this.approvals.set(grantId, rec);
    fan(); // and after
    const inv = this.input.inventory;
    this.input = {
      ...this.input,
      inventory: { ...inv, systems: p.systems?.list ?? inv.systems, environments: p.environments?.list ?? inv.environments },
      discovery,
    };
    this.lastRows = [];
    if (touched.size > 0) this.rescore([...touched]);
    return this.scores;
  }

  private rescore(ids: string[]): void {
    // Every grant sharing a credential identity with a touched agent's grant, with its agent (messages name it).
    const keys = new Set<string>();
    for (const id of ids)
      for (const g of this.grantsOf.get(id) ?? []) if (credentialKey(g.credentialIdentity)) keys.add(credentialKey(g.credentialIdentity));
    const involved = new Set(ids);
    for (const key of keys) for (const id of this.credUsers.get(key)?.keys() ?? []) involved.add(id);
    const touched = new Set(ids);
    // Grants in the order a full read gives them (by agent id, then each agent's own order).
    const order = [...involved].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const grants: Grant[] = [];
    for (const id of order) {
      const gs = this.grantsOf.get(id) ?? [];
      if (touched.has(id)) grants.push(...gs);
      else for (const g of gs) if (keys.has(credentialKey(g.credentialIdentity))) grants.push(g);
    }
    const rows = [...involved].map((id) => this.rowOf.get(id)!).sort((a, b) => a - b);
    const inv = this.input.inventory;
    const sub: ScoringInput = {
      ...this.input,
      inventory: { ...inv, agents: rows.map((r) => this.agents[r]!), grants },
      answers: ids.flatMap((id) => this.answersOf.get(id) ?? []),
      acceptedRisks: ids.flatMap((id) => this.risksOf.get(id) ?? []),
      grantApprovals: this.approvalsOf(grants),
      drillEvidence: {
        ...this.input.drillEvidence,
        recoveries: ids.flatMap((id) => this.recoveriesOf.get(id) ?? []),
        // In input order: an agent's first open action is quoted in its cap reason.
        openCorrectiveActions: this.input.drillEvidence.openCorrectiveActions.filter((c) => !c.agentId || involved.has(c.agentId)),
      },
      behaviourFindings: ids.flatMap((id) => this.behaviourOf.get(id) ?? []),
    };
    const run = scoreWorkspaceRun(sub, { topRisks: 0 });
    const agents = this.scores.agents.slice();
    rows.forEach((row, subRow) => {
      if (!touched.has(this.agents[row]!.id)) return;
      this.count(agents[row]!, row, -1);
      agents[row] = run.scores.agents[subRow]!;
      this.lastRows.push(row);
      this.place(row, run, subRow);
      this.count(agents[row]!, row, 1);
    });
    this.scores = this.result(agents);
  }

  /** The approval records of `grants`, as the full input would have them. */
  private approvalsOf(grants: Grant[]): GrantApprovalRecords {
    const base = this.input.grantApprovals ?? {};
    const out: GrantApprovalRecords = {};
    for (const g of grants) {
      const rec = this.approvals.has(g.id) ? this.approvals.get(g.id) : Object.hasOwn(base, g.id) ? base[g.id] : undefined;
      if (rec) out[g.id] = rec;
    }
    return out;
  }

  /** Takes a row's area scores, top-risk keys and grant record from the run that scored it. */
  private place(row: number, run: RunResult, subRow: number): void {
    const { ix } = run.run;
    const d = ix.agentList[subRow]!;
    for (let k = 0; k < this.nAreas; k++) this.areaScores[row * this.nAreas + k] = run.table.score(subRow, k) ?? NaN;
    const blast = new Uint8Array(d.count);
    for (let i = 0; i < d.count; i++) blast[i] = ix.blast[ix.order[d.start + i]!]!;
    this.risks.setRow(row, 100 - run.scores.agents[subRow]!.score, blast, run.openByGrant.subarray(d.start, d.start + d.count));
    this.ixOf[row] = ix;
    this.dOf[row] = d;
  }

  /** Adds or removes an agent from the roll-ups it counts in (retired agents count in none). */
  private count(a: AgentScore, row: number, sign: 1 | -1): void {
    if (a.lifecycle === 'retired') return;
    this.sums.add(a, this.areaScores, row * this.nAreas, sign);
    for (const w of a.workflowIds) this.workflowSums.get(w)?.add(a, this.areaScores, row * this.nAreas, sign);
  }

  private countCredentials(agentId: string, gs: readonly Grant[], sign: 1 | -1): void {
    for (const g of gs) {
      const key = credentialKey(g.credentialIdentity);
      if (!key) continue;
      let users = this.credUsers.get(key);
      if (!users) this.credUsers.set(key, (users = new Map()));
      const n = (users.get(agentId) ?? 0) + sign;
      if (n === 0) users.delete(agentId);
      else users.set(agentId, n);
      if (users.size === 0) this.credUsers.delete(key);
    }
  }

  private result(agents: AgentScore[]): WorkspaceScores {
    const { areas } = this;
    return {
      checklist: this.scores.checklist,
      asOf: this.scores.asOf,
      agents,
      workspace: this.sums.toRollup(areas),
      workflows: this.input.inventory.workflows.map((w) => ({
        workflowId: w.id,
        workflowName: w.name,
        ...this.workflowSums.get(w.id)!.toRollup(areas),
      })),
      topRisks: this.risks
        .top(this.limit, (row) => agents[row]!.agentName)
        .map(({ row, grant, risk, blast }) => riskItem(this.ixOf[row]!, this.dOf[row]!, agents[row]!, grant, risk, blast)),
    };
  }
}
