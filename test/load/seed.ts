/**
 * The team and the workspace the load test runs on: an admin, the editors and facilitators (made
 * through the account service, as `team invite` + accepting the link does), and a workspace seeded
 * over HTTP by the admin: agents with grants to edit, and one drill per drill runner.
 */
import type { TeamService } from '../../electron/services/team/service';
import { Recorder, TeamClient } from './client';

export const WORKSPACE = { id: 'load-4f5e6d', name: 'Load test' };
const SCENARIO = 'd1-prod-db-dropped-during-freeze';
const PASSWORD = 'load test password 1';

export type Person = { name: string; email: string; password: string; address: string };
export type Target = { kind: 'agent' | 'grant'; id: string; agentId: string };
export type Seeded = { admin: TeamClient; editors: Person[]; facilitators: Person[]; targets: Target[]; drillIds: string[] };

type Stored = { id: string; version: number };

export async function seedTeam(
  service: TeamService,
  origin: string,
  opts: { editors: number; drills: number; agents: number },
): Promise<Seeded> {
  await service.bootstrap({ email: 'admin@load.test', name: 'Load Admin', password: PASSWORD, workspace: WORKSPACE });
  const adminId = (await service.idOfEmail('admin@load.test'))!;
  const people = async (role: 'editor' | 'facilitator', count: number, prefix: string): Promise<Person[]> => {
    const out: Person[] = [];
    for (let i = 1; i <= count; i++) {
      const p = {
        name: `${prefix} ${i}`,
        email: `${role}${i}@load.test`,
        password: PASSWORD,
        address: `10.${role === 'editor' ? 1 : 2}.0.${i}`,
      };
      const invite = await service.invite(adminId, { email: p.email, roles: [role], workspaceIds: [WORKSPACE.id] });
      await service.accept({ token: invite.token, name: p.name, password: p.password });
      out.push(p);
    }
    return out;
  };
  const editors = await people('editor', opts.editors, 'Editor');
  const facilitators = await people('facilitator', opts.drills, 'Facilitator');

  const admin = new TeamClient('admin', '10.0.0.1', new Recorder());
  await admin.signIn(origin, 'admin@load.test', PASSWORD);
  const ws = { workspaceId: WORKSPACE.id };
  const overview = await admin.must<{ environments: { id: string; name: string }[] }>(origin, 'inventory:overview', ws);
  const env = overview.environments[0]!;
  const system = await admin.must<Stored>(origin, 'system:create', { ...ws, system: { name: 'Orders DB', kind: 'database' } });
  const targets: Target[] = [];
  const agentIds: string[] = [];
  for (let i = 1; i <= opts.agents; i++) {
    const agent = await admin.must<Stored>(origin, 'agent:create', { ...ws, agent: { name: `Agent ${i}`, purpose: 'seeded' } });
    agentIds.push(agent.id);
    targets.push({ kind: 'agent', id: agent.id, agentId: agent.id });
    for (const actions of [['read'], ['write']]) {
      const grant = await admin.must<Stored>(origin, 'grant:create', {
        ...ws,
        grant: { agentId: agent.id, systemId: system.id, environmentId: env.id, actions, justification: 'seeded' },
      });
      targets.push({ kind: 'grant', id: grant.id, agentId: agent.id });
    }
  }
  const drillIds: string[] = [];
  for (const f of facilitators) {
    const made = await admin.must<{ drill: { id: string } }>(origin, 'drills:create', {
      ...ws,
      scenarioId: SCENARIO,
      agentIds: [agentIds[drillIds.length % agentIds.length]!],
      participants: [{ name: f.name, role: 'facilitator' }],
    });
    drillIds.push(made.drill.id);
  }
  return { admin, editors, facilitators, targets, drillIds };
}
