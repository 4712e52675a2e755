/**
 * Synthetic large organisation for the benchmark: an inventory document (the app's import
 * format), plus raw row tuples of the same records for the "physical limit" baseline.
 * Deterministic: the same sizes give the same data.
 */
import { randomUUID } from 'node:crypto';
import { ACTION_CLASSES, DEFAULT_ENVIRONMENTS, LIFECYCLES, SYSTEM_KINDS } from '../../core/inventory/model';

export type Sizes = { agents: number; grantsPerAgent: number; drills: number; eventsPerDrill: number; pdfAgents: number };
export const FULL: Sizes = { agents: 10_000, grantsPerAgent: 10, drills: 1_000, eventsPerDrill: 100, pdfAgents: 1_000 };
/** `--scale 100k` (issue 16): ten times the organisation; the PDF figure stays at 10k agents. */
export const SCALE_100K: Sizes = { agents: 100_000, grantsPerAgent: 10, drills: 10_000, eventsPerDrill: 100, pdfAgents: 10_000 };
export const QUICK: Sizes = { agents: 1_000, grantsPerAgent: 10, drills: 100, eventsPerDrill: 100, pdfAgents: 200 };

const WORKFLOWS = 40;
const SYSTEMS = 60;
const GATES = ['none', 'single', 'two-person'] as const;
const TEAMS = ['payments', 'platform', 'growth', 'support', 'data', 'security', 'finance', 'identity'];
const pad = (n: number, w = 5): string => String(n).padStart(w, '0');
/** A 4-character code per agent (base 36), so filter queries narrow step by step. */
export const refCode = (i: number): string => ((i * 7919 + 13) % 36 ** 4).toString(36).padStart(4, '0');

export type Doc = {
  format: 'agent-readiness-inventory';
  version: 1;
  workflows: { name: string; purpose: string; owner: string }[];
  systems: { name: string; kind: string; criticality: string; dataSensitivity: string }[];
  agents: {
    name: string;
    purpose: string;
    accountableOwner: string;
    technicalOperator: string;
    vendorModel: string;
    lifecycle: string;
    escalationContact: string;
    workflows: string[];
  }[];
  grants: {
    agent: string;
    system: string;
    environment: string;
    actions: string[];
    scope: string;
    credentialIdentity: string;
    approvalGate: string;
    justification: string;
  }[];
};

/** The organisation as an import document: `agents` agents with `grantsPerAgent` grants each. */
export function makeDoc(agents: number, grantsPerAgent: number): Doc {
  const envs = DEFAULT_ENVIRONMENTS.map((e) => e.name);
  const workflows = Array.from({ length: WORKFLOWS }, (_, i) => ({
    name: `Workflow ${pad(i, 3)} ${TEAMS[i % TEAMS.length]}`,
    purpose: `Automates ${TEAMS[i % TEAMS.length]} work`,
    owner: `Owner ${i % 25}`,
  }));
  const systems = Array.from({ length: SYSTEMS }, (_, i) => ({
    name: `System ${pad(i, 3)} ${SYSTEM_KINDS[i % SYSTEM_KINDS.length]}`,
    kind: SYSTEM_KINDS[i % SYSTEM_KINDS.length]!,
    criticality: (['low', 'medium', 'high', 'critical'] as const)[i % 4]!,
    dataSensitivity: (['public', 'internal', 'confidential', 'restricted'] as const)[(i >> 2) % 4]!,
  }));
  const ag: Doc['agents'] = [];
  const gr: Doc['grants'] = [];
  for (let i = 0; i < agents; i++) {
    const team = TEAMS[i % TEAMS.length]!;
    const name = `Agent ${pad(i)} ${team}`;
    ag.push({
      name,
      purpose: `Handles ${team} tickets, batch ${i % 97}, ref ${refCode(i)}`,
      accountableOwner: i % 13 === 0 ? '' : `Person ${i % 400}`,
      technicalOperator: `Operator ${i % 150}`,
      vendorModel: ['OpenAI GPT', 'Anthropic Claude', 'In-house', 'Google Gemini'][i % 4]!,
      lifecycle: LIFECYCLES[i % LIFECYCLES.length]!,
      escalationContact: i % 7 === 0 ? '' : `oncall-${team}`,
      workflows: [workflows[i % WORKFLOWS]!.name, workflows[(i * 7 + 3) % WORKFLOWS]!.name].filter((w, k, a) => a.indexOf(w) === k),
    });
    for (let k = 0; k < grantsPerAgent; k++) {
      const actions = [ACTION_CLASSES[k % ACTION_CLASSES.length]!, ...(k % 3 === 0 ? ['read'] : [])].filter(
        (a, j, arr) => arr.indexOf(a) === j,
      );
      gr.push({
        agent: name,
        system: systems[(i * 7 + k * 11) % SYSTEMS]!.name,
        environment: envs[(i + k) % envs.length]!,
        actions,
        scope: `scope/${k}`,
        credentialIdentity: `svc-${pad(i)}-${k}`,
        approvalGate: GATES[(i + k) % GATES.length]!,
        justification: k % 4 === 0 ? '' : `Ticket ${team.toUpperCase()}-${i * 10 + k}`,
      });
    }
  }
  return { format: 'agent-readiness-inventory', version: 1, workflows, systems, agents: ag, grants: gr };
}

export type RawRows = {
  workflows: unknown[][];
  systems: unknown[][];
  agents: unknown[][];
  links: unknown[][];
  grants: unknown[][];
  count: number;
};

/** The same records as ready-to-bind tuples (ids resolved in advance): what raw inserts would write. */
export function rawRows(doc: Doc, envIds: Map<string, string>, stamp: string): RawRows {
  const key = (s: string): string => s.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
  const wfId = new Map(doc.workflows.map((w) => [w.name, randomUUID()]));
  const sysId = new Map(doc.systems.map((s) => [s.name, randomUUID()]));
  const agId = new Map(doc.agents.map((a) => [a.name, randomUUID()]));
  const workflows = doc.workflows.map((w) => [wfId.get(w.name), w.name, key(w.name), w.purpose, w.owner, stamp, stamp]);
  const systems = doc.systems.map((s) => [sysId.get(s.name), s.name, key(s.name), s.kind, s.criticality, s.dataSensitivity, stamp, stamp]);
  const agents = doc.agents.map((a) => [
    agId.get(a.name),
    a.name,
    key(a.name),
    a.purpose,
    a.accountableOwner,
    a.technicalOperator,
    a.vendorModel,
    a.lifecycle,
    a.escalationContact,
    stamp,
    stamp,
  ]);
  const links = doc.agents.flatMap((a) => a.workflows.map((w) => [agId.get(a.name), wfId.get(w)]));
  const grants = doc.grants.map((g) => [
    randomUUID(),
    agId.get(g.agent),
    sysId.get(g.system),
    envIds.get(g.environment),
    JSON.stringify(g.actions),
    g.scope,
    g.credentialIdentity,
    g.approvalGate,
    null,
    g.justification,
    stamp,
    stamp,
  ]);
  return { workflows, systems, agents, links, grants, count: workflows.length + systems.length + agents.length + grants.length };
}

/** Case-insensitive substring match over the fields the inventory's agent search looks at. */
export function agentMatches(a: Doc['agents'][number], q: string): boolean {
  const n = q.trim().toLowerCase();
  return !n || [a.name, a.accountableOwner, a.purpose, a.vendorModel, a.technicalOperator].some((f) => f.toLowerCase().includes(n));
}
