/**
 * The discovery drift rule (issue 12, section 5): a control with `rule: { id: discovery-drift }`
 * is answered by what the latest discovery run found about the agent's declared access: a
 * permission discovered but not declared, a declared gate weaker in reality, a credential shared
 * across environments, no discovered source after N days, a stale approval. With no run at all the
 * rule does not apply (n/a), so a workspace that never ran discovery scores as before.
 */
import type { DriftEvidenceItem } from '../discovery/drift-evidence';
import { grantAt } from './data-index';
import type { RuleDef } from './rules';

const tagOf = (it: DriftEvidenceItem): string => (it.grantId ? it.kind : `${it.kind}:${it.key}`);

export const DRIFT_RULES: { 'discovery-drift': RuleDef<'discovery-drift'> } = {
  'discovery-drift': {
    scan: (agent, d, p, _c, ix, sink) => {
      const ev = ix.discovery;
      if (!ev) return 'No discovery run has been made in this workspace.';
      const seen = new Set<string>();
      for (const it of ev.byAgent[agent.id] ?? []) {
        if (!p.kinds.includes(it.kind)) continue;
        let k = -1;
        if (it.grantId) for (let j = 0; j < d.count && k < 0; j++) if (ix.grants[grantAt(ix, d, j)]!.id === it.grantId) k = j;
        const tag = k < 0 && it.grantId ? `${it.kind}:${it.key}` : tagOf(it);
        if (seen.has(`${k}|${tag}`)) continue;
        seen.add(`${k}|${tag}`);
        sink.add(k, tag);
      }
      return null;
    },
    message: (agent, gi, tag, _p, _c, ix) => {
      const grantId = gi >= 0 ? ix.grants[gi]!.id : null;
      const items = ix.discovery?.byAgent[agent.id] ?? [];
      const it = items.find((x) => (grantId ? x.grantId === grantId && x.kind === tag : `${x.kind}:${x.key}` === tag));
      return it?.message ?? 'Discovery found access that the inventory does not declare.';
    },
  },
};
