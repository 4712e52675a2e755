import { useState } from 'react';
import { api, errorMessage } from '../../api/client';
import { saveFile } from '../reports/files';

type Props =
  | { kind: 'situation-manual'; workspaceId: string; scenarioId: string; drillId?: string | null; agentIds?: string[] }
  | { kind: 'aar-ip'; workspaceId: string; drillId: string };

const LABEL = { 'situation-manual': 'Situation Manual', 'aar-ip': 'AAR / Improvement Plan' } as const;

/** Buttons that print a facilitator document (HSEEP style) as DOCX or PDF. */
export function FacilitatorDownloads(p: Props) {
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const get = async (format: 'docx' | 'pdf') => {
    setBusy(true);
    setStatus(`Preparing the ${LABEL[p.kind]} (${format.toUpperCase()})…`);
    try {
      const f =
        p.kind === 'aar-ip'
          ? await api.call('drills:aar-ip', { workspaceId: p.workspaceId, drillId: p.drillId, format })
          : await api.call('drills:situation-manual', {
              workspaceId: p.workspaceId,
              scenarioId: p.scenarioId,
              drillId: p.drillId ?? null,
              agentIds: p.agentIds ?? [],
              format,
            });
      setStatus((await saveFile(f)) ?? 'Not saved.');
    } catch (err) {
      setStatus(`Could not prepare it: ${errorMessage(err)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="lf-actions" role="group" aria-label={`${LABEL[p.kind]} downloads`}>
      <button type="button" disabled={busy} onClick={() => void get('docx')}>
        {LABEL[p.kind]} (DOCX)
      </button>
      <button type="button" disabled={busy} onClick={() => void get('pdf')}>
        {LABEL[p.kind]} (PDF)
      </button>
      {status && (
        <span className="small" role="status">
          {status}
        </span>
      )}
    </div>
  );
}
