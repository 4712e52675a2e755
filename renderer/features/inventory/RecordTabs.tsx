import { useDeferredValue, useMemo, useState, type ReactNode } from 'react';
import type { InventoryOverview } from '../../../core/inventory/contract';
import {
  environmentFields as environmentRegistry,
  systemFields as systemRegistry,
  workflowFields as workflowRegistry,
} from '../../../core/inventory/fields';
import { CRITICALITIES, type EnvironmentInput, type SystemInput, type WorkflowInput } from '../../../core/inventory/model';
import { api } from '../../api/client';
import { useAppStore } from '../../app/app.store';
import { DataTable, type Column } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import type { FieldSpec, FormValues } from '../../components/FormDialog';
import {
  environmentFields,
  environmentInput,
  environmentValues,
  systemFields,
  systemInput,
  systemValues,
  workflowFields,
  workflowInput,
  workflowValues,
} from './forms';
import { ListToolbar, matches } from './ListToolbar';
import { registryColumns } from './registry-columns';
import { ProvenanceBadge, provenanceSort, useProvenance } from '../discovery/ProvenanceBadge';
import { useEntityActions } from './useEntityActions';
import { useCan } from '../team/team';

type Entity = 'workflow' | 'system' | 'environment';

type TabSpec<T extends { id: string; name: string; version: number }> = {
  entity: Entity;
  plural: string;
  rows: readonly T[];
  columns: Column<T>[];
  search: (row: T) => string[];
  fields: FieldSpec[];
  values: (row?: T) => FormValues;
  save: (values: FormValues, row?: T, expectedVersion?: number) => Promise<unknown>;
  emptyText: ReactNode;
  canDelete?: (row: T) => boolean;
};

/** One list of simple records with search, create, edit and delete. */
function RecordTab<T extends { id: string; name: string; version: number }>(spec: TabSpec<T>) {
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const { dialog, edit, remove } = useEntityActions();
  const can = useCan();
  const mayChange = can(`${spec.entity}:update`);
  const rows = useMemo(() => spec.rows.filter((r) => matches(deferred, ...spec.search(r))), [spec, deferred]);
  const open = (row?: T) =>
    edit({
      title: row ? `Edit ${spec.entity} "${row.name}"` : `New ${spec.entity}`,
      fields: spec.fields,
      initial: spec.values(row),
      submitLabel: row ? 'Save changes' : `Create ${spec.entity}`,
      save: async (v, expectedVersion) => {
        await spec.save(v, row, expectedVersion);
      },
      ...(row ? { version: row.version, currentValues: (current: Record<string, unknown>) => spec.values(current as T) } : {}),
    });
  const columns: Column<T>[] = [
    ...spec.columns,
    {
      key: 'actions',
      label: 'Actions',
      render: (row) => (
        <span className="row-actions">
          {mayChange && (
            <button type="button" onClick={(e) => (e.stopPropagation(), open(row))} aria-label={`Edit ${row.name}`}>
              Edit
            </button>
          )}
          <button
            type="button"
            onClick={(e) => (e.stopPropagation(), useAppStore.getState().navigate('history', { entity: spec.entity, id: row.id }))}
            aria-label={`History of ${row.name}`}
          >
            History
          </button>
          {mayChange && (spec.canDelete?.(row) ?? true) && (
            <button
              type="button"
              className="danger-text"
              onClick={(e) => (e.stopPropagation(), remove(spec.entity, row.id, row.name))}
              aria-label={`Delete ${row.name}`}
            >
              Delete
            </button>
          )}
        </span>
      ),
    },
  ];
  return (
    <>
      <ListToolbar
        label={spec.plural}
        query={query}
        onQuery={setQuery}
        shown={rows.length}
        total={spec.rows.length}
        action={
          can(`${spec.entity}:create`) ? (
            <button type="button" className="primary" onClick={() => open()}>
              New {spec.entity}
            </button>
          ) : null
        }
      />
      {spec.rows.length === 0 ? (
        <EmptyState
          title={`No ${spec.plural} yet`}
          action={
            can(`${spec.entity}:create`) ? (
              <button type="button" className="primary" onClick={() => open()}>
                Add a {spec.entity}
              </button>
            ) : null
          }
        >
          {spec.emptyText}
        </EmptyState>
      ) : rows.length === 0 ? (
        <EmptyState title={`No ${spec.plural} match`}>Clear the search to see all {spec.rows.length}.</EmptyState>
      ) : (
        <DataTable caption={spec.plural} rows={rows} columns={columns} rowKey={(r) => r.id} />
      )}
      {dialog}
    </>
  );
}

export function WorkflowsTab({ data }: { data: InventoryOverview }) {
  const workspaceId = useAppStore((s) => s.workspaceId) ?? '';
  return (
    <RecordTab
      entity="workflow"
      plural="workflows"
      rows={data.workflows}
      search={(w) => [w.name, w.owner, w.purpose]}
      columns={[
        ...registryColumns<WorkflowInput, InventoryOverview['workflows'][number]>(workflowRegistry, {
          label: { name: 'Workflow' },
          render: {
            name: (w) => <span className="strong">{w.name}</span>,
            owner: (w) => w.owner || <span className="warning-text">No owner</span>,
          },
          sortValue: { purpose: null },
        }),
        { key: 'agents', label: 'Agents', sortValue: (w) => w.agentCount, render: (w) => w.agentCount },
      ]}
      fields={workflowFields}
      values={workflowValues}
      save={(v, row, expectedVersion) =>
        row
          ? api.call('workflow:update', { workspaceId, id: row.id, workflow: workflowInput(v), expectedVersion })
          : api.call('workflow:create', { workspaceId, workflow: workflowInput(v) })
      }
      emptyText="A workflow is a piece of work agents take part in, such as support triage or month-end reconciliation. Give each one an owner."
    />
  );
}

export function SystemsTab({ data }: { data: InventoryOverview }) {
  const workspaceId = useAppStore((s) => s.workspaceId) ?? '';
  const provenance = useProvenance(workspaceId);
  return (
    <RecordTab
      entity="system"
      plural="systems"
      rows={data.systems}
      search={(s) => [s.name, s.kind, s.criticality]}
      columns={[
        ...registryColumns<SystemInput, InventoryOverview['systems'][number]>(systemRegistry, {
          label: { name: 'System' },
          render: {
            name: (s) => <span className="strong">{s.name}</span>,
            criticality: (s) => <span className={`pill crit-${s.criticality}`}>{s.criticality}</span>,
          },
          sortValue: { criticality: (s) => CRITICALITIES.indexOf(s.criticality) },
        }),
        { key: 'grants', label: 'Grants', sortValue: (s) => s.grantCount, render: (s) => s.grantCount },
        {
          key: 'source',
          label: 'Source',
          sortValue: (s) => provenanceSort(provenance.get(`system:${s.id}`)),
          render: (s) => <ProvenanceBadge record={provenance.get(`system:${s.id}`)} />,
        },
      ]}
      fields={systemFields}
      values={systemValues}
      save={(v, row, expectedVersion) =>
        row
          ? api.call('system:update', { workspaceId, id: row.id, system: systemInput(v), expectedVersion })
          : api.call('system:create', { workspaceId, system: systemInput(v) })
      }
      emptyText="Systems are what agents act on: databases, repositories, cloud accounts, SaaS tools, file shares."
    />
  );
}

export function EnvironmentsTab({ data }: { data: InventoryOverview }) {
  const workspaceId = useAppStore((s) => s.workspaceId) ?? '';
  return (
    <RecordTab
      entity="environment"
      plural="environments"
      rows={data.environments}
      search={(e) => [e.name, e.tier]}
      columns={[
        ...registryColumns<EnvironmentInput, InventoryOverview['environments'][number]>(environmentRegistry, {
          label: { name: 'Environment' },
          render: {
            name: (e) => <span className="strong">{e.name}</span>,
            tier: (e) => <span className={`pill tier-${e.tier}`}>{e.tier}</span>,
          },
        }),
        { key: 'builtin', label: 'Type', render: (e) => (e.builtin ? 'Built-in' : 'Custom') },
        { key: 'grants', label: 'Grants', sortValue: (e) => e.grantCount, render: (e) => e.grantCount },
      ]}
      fields={environmentFields}
      values={environmentValues}
      canDelete={(e) => !e.builtin}
      save={(v, row, expectedVersion) =>
        row
          ? api.call('environment:update', { workspaceId, id: row.id, environment: environmentInput(v), expectedVersion })
          : api.call('environment:create', { workspaceId, environment: environmentInput(v) })
      }
      emptyText="Environments separate what an agent may do in production from staging and sandboxes."
    />
  );
}
