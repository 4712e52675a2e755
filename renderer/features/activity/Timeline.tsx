import { useEffect, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { UserText } from '../../components/UserText';
import { showDateTime } from '../../components/time';
import { useTimelinePages, type TimelineFilters, type TimelineRow } from './useTimelinePages';

const ROW_HEIGHT = 40;
const TIERS = ['production', 'staging', 'sandbox', 'read-only'] as const;
const CLASSES = ['read', 'write', 'delete', 'deploy', 'execute', 'permission-change', 'payment', 'external-send', 'admin'] as const;
const OUTCOMES = ['success', 'denied', 'error', 'unknown'] as const;

const approvalText = (r: TimelineRow): string =>
  r.approval === null ? 'none recorded' : `${r.approval.decision} by ${r.approval.by} (${r.approval.source})`;

/** One row per event, destructive production actions first; only the visible rows render. */
export function Timeline({
  workspaceId,
  agents,
  onOpen,
}: {
  workspaceId: string;
  agents: { id: string | null; name: string }[];
  onOpen: (row: TimelineRow) => void;
}) {
  const [agentId, setAgentId] = useState('');
  const [tier, setTier] = useState('');
  const [actionClass, setActionClass] = useState('');
  const [outcome, setOutcome] = useState('');
  const filters: TimelineFilters = {
    workspaceId,
    ...(agentId ? { agentId } : {}),
    ...(tier ? { environmentTier: tier as (typeof TIERS)[number] } : {}),
    ...(actionClass ? { actionClass: actionClass as (typeof CLASSES)[number] } : {}),
    ...(outcome ? { outcome: outcome as (typeof OUTCOMES)[number] } : {}),
  };
  const data = useTimelinePages(filters);
  const scrollRef = useRef<HTMLDivElement>(null);
  const count = data.total ?? 0;
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  const { ensure } = data;
  useEffect(() => ensure(first, last), [ensure, first, last]);
  const padTop = items[0]?.start ?? 0;
  const padBottom = virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0);
  const select = (
    id: string,
    label: string,
    value: string,
    set: (v: string) => void,
    options: readonly { value: string; label: string }[],
  ) => (
    <div className="field inline">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => set(e.target.value)} aria-controls="activity-timeline">
        <option value="">All</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      <div className="toolbar">
        {select(
          'timeline-agent',
          'Agent',
          agentId,
          setAgentId,
          agents.map((a) => ({ value: a.id ?? 'unknown', label: a.name })),
        )}
        {select(
          'timeline-tier',
          'Environment',
          tier,
          setTier,
          TIERS.map((t) => ({ value: t, label: t })),
        )}
        {select(
          'timeline-class',
          'Action class',
          actionClass,
          setActionClass,
          CLASSES.map((c) => ({ value: c, label: c })),
        )}
        {select(
          'timeline-outcome',
          'Outcome',
          outcome,
          setOutcome,
          OUTCOMES.map((o) => ({ value: o, label: o })),
        )}
        <span role="status" aria-live="polite" data-testid="timeline-status">
          {data.total === null ? 'Loading events…' : `${data.total} events`}
        </span>
      </div>
      {data.error && (
        <p className="form-error" role="alert">
          The events could not be loaded: {data.error}
        </p>
      )}
      <div className="table-scroll" ref={scrollRef} tabIndex={-1} style={{ maxHeight: 480 }}>
        <table id="activity-timeline" className="data-table" aria-rowcount={count + 1}>
          <caption className="sr-only">Activity events, destructive production actions first; press Enter on a row to open it</caption>
          <thead>
            <tr aria-rowindex={1}>
              {['Time', 'Agent', 'Environment', 'Class', 'Action', 'Target', 'Outcome', 'Approval'].map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {padTop > 0 && <tr aria-hidden="true" style={{ height: padTop }} />}
            {items.map((vi) => {
              const r = data.rowAt(vi.index);
              if (!r)
                return (
                  <tr key={`loading-${vi.index}`} aria-rowindex={vi.index + 2}>
                    <td colSpan={8} className="muted">
                      Loading…
                    </td>
                  </tr>
                );
              return (
                <tr
                  key={r.id}
                  aria-rowindex={vi.index + 2}
                  tabIndex={0}
                  className={r.destructiveInProduction ? 'row-danger' : undefined}
                  onClick={() => onOpen(r)}
                  onKeyDown={(e) => e.key === 'Enter' && onOpen(r)}
                  data-testid="timeline-row"
                >
                  <td>{r.time ? showDateTime(r.time) : '–'}</td>
                  <td>
                    <UserText text={r.agentName ?? `unknown: ${r.actor ?? 'no actor'}`} />
                  </td>
                  <td>
                    <UserText text={r.environmentName ?? 'unknown'} />
                  </td>
                  <td>{r.actionClass}</td>
                  <td>
                    <UserText text={r.action} />
                  </td>
                  <td>
                    <UserText text={r.target ?? ''} />
                  </td>
                  <td>{r.outcome}</td>
                  <td>
                    <UserText text={approvalText(r)} />
                  </td>
                </tr>
              );
            })}
            {padBottom > 0 && <tr aria-hidden="true" style={{ height: padBottom }} />}
          </tbody>
        </table>
      </div>
    </section>
  );
}
