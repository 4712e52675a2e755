import { useState } from 'react';
import type { Response } from '../../../core/contract/index';
import { api } from '../../api/client';
import { useAppStore } from '../../app/app.store';
import { EmptyState } from '../../components/EmptyState';
import { UserText } from '../../components/UserText';
import { showDateTime } from '../../components/time';
import { useQuery } from '../../components/useQuery';
import { ImportPanel } from './ImportPanel';
import { Reattribute } from './Reattribute';
import { EventsDialog, type EventsSource } from './EventsDialog';
import { Timeline } from './Timeline';
import type { TimelineRow } from './useTimelinePages';

type Summary = Response<'activity:summary'>[number];

/** What the agents actually did (issue 13): import logs, per-agent summary, findings with their events, the timeline. */
export function ActivityScreen() {
  const workspaceId = useAppStore((s) => s.workspaceId) ?? '';
  const sources = useQuery(() => api.call('activity:sources', { workspaceId }), [workspaceId]);
  const summary = useQuery(() => api.call('activity:summary', { workspaceId }), [workspaceId]);
  const findings = useQuery(() => api.call('activity:findings', { workspaceId }), [workspaceId]);
  const [opened, setOpened] = useState<{ title: string; source: EventsSource } | null>(null);
  const open = (title: string, source: EventsSource) => setOpened({ title, source });
  const openRow = (r: TimelineRow) => open(`${r.action} at ${r.time ?? 'unknown time'}`, { kind: 'ids', ids: [r.id] });
  const empty = sources.data !== undefined && sources.data.length === 0;

  return (
    <section aria-labelledby="activity-title">
      <header className="page-header">
        <h1 id="activity-title">Activity</h1>
      </header>
      <ImportPanel workspaceId={workspaceId} />
      {empty ? (
        <EmptyState title="No activity imported yet">
          Import the logs your agents leave (a CloudTrail file, a Kubernetes audit log, a Claude Code session...) to see what they did: how
          many deletes in production, how many passed an approval, which were denied.
        </EmptyState>
      ) : (
        <>
          <section aria-labelledby="activity-summary-title">
            <h2 id="activity-summary-title">Per agent</h2>
            {(summary.data ?? []).some((s) => s.agentId === null) && <Reattribute workspaceId={workspaceId} />}
            <table className="data-table" data-testid="activity-summary">
              <thead>
                <tr>
                  {[
                    'Agent',
                    'Events',
                    'Destructive in production',
                    'With approval',
                    'Denied',
                    'First seen',
                    'Last seen',
                    'Outside grants',
                  ].map((h) => (
                    <th key={h} scope="col">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {(summary.data ?? []).map((s: Summary) => (
                  <tr key={s.agentId ?? 'unknown'}>
                    <td>
                      <UserText text={s.agentName} />
                    </td>
                    <td>{s.events}</td>
                    <td>
                      {s.destructiveInProduction.total > 0 ? (
                        <button
                          type="button"
                          className="link-button"
                          onClick={() => open(`${s.agentName}: destructive in production`, { kind: 'destructive', agentId: s.agentId })}
                        >
                          {s.destructiveInProduction.total}
                        </button>
                      ) : (
                        0
                      )}
                    </td>
                    <td>{s.destructiveInProduction.approved}</td>
                    <td>{s.destructiveInProduction.denied}</td>
                    <td>{s.firstSeen ? showDateTime(s.firstSeen) : '–'}</td>
                    <td>{s.lastSeen ? showDateTime(s.lastSeen) : '–'}</td>
                    <td>{s.outsideGrants.reduce((n, o) => n + o.count, 0)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section aria-labelledby="activity-findings-title">
            <h2 id="activity-findings-title">Findings from behaviour</h2>
            <ul data-testid="activity-findings">
              {(findings.data ?? []).map((f, i) => (
                <li key={`${f.rule}-${f.agentId ?? ''}-${i}`}>
                  <strong>
                    <UserText text={f.title} />
                  </strong>{' '}
                  <span className="muted">
                    (<UserText text={f.why} />; controls {f.controls.join(', ')})
                  </span>{' '}
                  {f.eventCount > 0 && (
                    <button type="button" className="link-button" onClick={() => open(f.title, { kind: 'finding', key: f.key })}>
                      Open {f.eventCount} event(s)
                    </button>
                  )}
                </li>
              ))}
            </ul>
          </section>
          <Timeline
            workspaceId={workspaceId}
            agents={(summary.data ?? []).map((s) => ({ id: s.agentId, name: s.agentName }))}
            onOpen={openRow}
          />
        </>
      )}
      {opened && <EventsDialog workspaceId={workspaceId} title={opened.title} source={opened.source} onClose={() => setOpened(null)} />}
    </section>
  );
}
