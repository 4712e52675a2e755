import { api } from '../api/client';
import { useQuery } from './useQuery';

export type AgentName = { id: string; name: string };

/**
 * Names of the agents a record or a picker refers to, by id, through `inventory:agentNames`: the overview's
 * page holds at most 1,000 agents, so it cannot be used to name an agent chosen from a larger inventory.
 */
export function useAgentNames(workspaceId: string, ids: readonly string[]): Map<string, string> {
  const key = [...new Set(ids)].sort().join(',');
  const names = useQuery(
    () => (key === '' ? Promise.resolve([] as AgentName[]) : api.call('inventory:agentNames', { workspaceId, ids: key.split(',') })),
    [workspaceId, key],
  );
  return new Map((names.data ?? []).map((a) => [a.id, a.name]));
}
