import { useCallback, useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { LiveFireStatus, StatementRow } from '../../../core/drills/live-fire-contract';
import type { DrillView } from '../../../core/drills/model';

/**
 * A live-fire drill's sandbox as the runner sees it: started with the drill (once), then polled while
 * the drill is live so the row counts fall as the rogue acts. The statement log is fetched
 * incrementally (after the last sequence number seen).
 */
export function useLiveFire(workspaceId: string, view: DrillView) {
  const drillId = view.drill.id;
  const [status, setStatus] = useState<LiveFireStatus | null>(null);
  const [statements, setStatements] = useState<StatementRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const lastSeq = useRef(0);
  const starting = useRef(false);

  const take = useCallback((s: LiveFireStatus) => {
    setStatus(s);
    if (s.statements.length > 0) {
      const fresh = s.statements.filter((e) => e.seq > lastSeq.current);
      if (fresh.length > 0) {
        lastSeq.current = fresh[fresh.length - 1]!.seq;
        setStatements((old) => old.concat(fresh));
      }
    }
  }, []);

  const refresh = useCallback(
    () =>
      api
        .call('drills:live-fire-status', { workspaceId, drillId, afterSeq: lastSeq.current })
        .then(take, (err: unknown) => setError(errorMessage(err))),
    [workspaceId, drillId, take],
  );

  useEffect(() => {
    lastSeq.current = 0;
    setStatements([]);
    void refresh();
  }, [refresh]);

  // The rogue is let loose with the drill: as soon as it runs and no sandbox exists yet.
  const live = (view.drill.status === 'running' || view.drill.status === 'paused') && !view.needsResume;
  const running = view.drill.status === 'running' && !view.needsResume;
  useEffect(() => {
    if (!running || status?.phase !== 'not-started' || starting.current) return;
    starting.current = true;
    api.call('drills:live-fire-start', { workspaceId, drillId }).then(take, (err: unknown) => {
      starting.current = false;
      setError(`The sandbox could not start: ${errorMessage(err)}`);
    });
  }, [running, status?.phase, workspaceId, drillId, take]);

  const active = live && status !== null && status.phase !== 'not-started' && status.phase !== 'ended';
  useEffect(() => {
    if (!active) return;
    const id = window.setInterval(() => void refresh(), 400);
    return () => window.clearInterval(id);
  }, [active, refresh]);

  return { status, statements, error, setError, refresh, live };
}
