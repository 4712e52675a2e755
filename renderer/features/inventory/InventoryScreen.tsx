import { api } from '../../api/client';
import { useAppStore } from '../../app/app.store';
import { useQuery } from '../../components/useQuery';
import { AgentsTab } from './AgentsTab';
import { EnvironmentsTab, SystemsTab, WorkflowsTab } from './RecordTabs';

const TABS = [
  { id: 'agents', label: 'Agents' },
  { id: 'workflows', label: 'Workflows' },
  { id: 'systems', label: 'Systems' },
  { id: 'environments', label: 'Environments' },
] as const;

/** The inventory: agents, the workflows they serve, the systems they touch and the environments. */
export function InventoryScreen({ tab }: { tab?: string | undefined }) {
  const workspaceId = useAppStore((s) => s.workspaceId) ?? '';
  const navigate = useAppStore((s) => s.navigate);
  // The counts and the small lists only: the agents tab pages its own rows (limit 0 sends none here).
  const overview = useQuery(() => api.call('inventory:overview', { workspaceId, limit: 0 }), [workspaceId]);
  const active = TABS.find((t) => t.id === tab)?.id ?? 'agents';
  const data = overview.data;
  return (
    <section aria-labelledby="inventory-title">
      <h1 id="inventory-title">Inventory</h1>
      <div role="tablist" aria-label="Inventory records" className="tabs">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={active === t.id}
            aria-controls={`panel-${t.id}`}
            tabIndex={active === t.id ? 0 : -1}
            onClick={() => navigate('inventory', { tab: t.id })}
            onKeyDown={(e) => {
              const i = TABS.findIndex((x) => x.id === active);
              const next =
                e.key === 'ArrowRight'
                  ? TABS[(i + 1) % TABS.length]
                  : e.key === 'ArrowLeft'
                    ? TABS[(i + TABS.length - 1) % TABS.length]
                    : undefined;
              if (next) {
                navigate('inventory', { tab: next.id });
                document.getElementById(`tab-${next.id}`)?.focus();
              }
            }}
          >
            {t.label}
            {data && (
              <span className="count">
                {t.id === 'agents'
                  ? data.page.agentTotal
                  : t.id === 'workflows'
                    ? data.workflows.length
                    : t.id === 'systems'
                      ? data.systems.length
                      : data.environments.length}
              </span>
            )}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${active}`} aria-labelledby={`tab-${active}`} className="tab-panel">
        {overview.error && (
          <p className="form-error" role="alert">
            {overview.error}
          </p>
        )}
        {!data ? (
          <p aria-busy="true">Loading inventory…</p>
        ) : active === 'agents' ? (
          <AgentsTab data={data} />
        ) : active === 'workflows' ? (
          <WorkflowsTab data={data} />
        ) : active === 'systems' ? (
          <SystemsTab data={data} />
        ) : (
          <EnvironmentsTab data={data} />
        )}
      </div>
    </section>
  );
}
