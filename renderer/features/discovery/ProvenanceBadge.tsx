import { useMemo } from 'react';
import type { Response } from '../../../core/contract/index';
import { api } from '../../api/client';
import { useQuery } from '../../components/useQuery';

type Record = Response<'discovery:provenance'>['records'][number];
export type ProvenanceMap = Map<string, Record>;

/** Where each inventory record came from, keyed "entity:id". Records with no entry were declared by hand only. */
export function useProvenance(workspaceId: string): ProvenanceMap {
  const q = useQuery(() => api.call('discovery:provenance', { workspaceId }), [workspaceId]);
  return useMemo(() => new Map((q.data?.records ?? []).map((r) => [`${r.entity}:${r.entityId}`, r])), [q.data]);
}

export const provenanceSort = (p: Record | undefined): number => (p ? (p.origin === 'discovered' ? 2 : 1) : 0);

/** "declared", "discovered" or "both", with the date a discovery run last saw the record. */
export function ProvenanceBadge({ record }: { record: Record | undefined }) {
  if (!record) return <span className="pill">declared</span>;
  const seen = record.lastSeen.slice(0, 10);
  return (
    <span className="pill" title={`First seen ${record.firstSeen.slice(0, 10)}, last seen by discovery ${seen}`}>
      {record.origin} · seen {seen}
    </span>
  );
}
