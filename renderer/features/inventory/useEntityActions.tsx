import { useRef, useState, type ReactNode } from 'react';
import { api, ApiError } from '../../api/client';
import { useAppStore } from '../../app/app.store';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { FormDialog, type FieldSpec, type FormValues } from '../../components/FormDialog';

type Entity = 'workflow' | 'agent' | 'system' | 'environment';

export type EditRequest = {
  title: string;
  fields: FieldSpec[];
  initial: FormValues;
  submitLabel: string;
  /** `expectedVersion`: the record's version when it was opened (absent for a new record). */
  save: (v: FormValues, expectedVersion?: number) => Promise<void>;
  errorAction?: (err: unknown) => { label: string; run: () => void } | null;
  /** Editing: the record's version, and its current values in form terms when someone else saved first. */
  version?: number;
  currentValues?: (current: Record<string, unknown>) => FormValues;
};

/** Shared create/edit/delete dialogs for inventory records, with impact shown before a delete. */
export function useEntityActions(): {
  dialog: ReactNode;
  edit: (r: EditRequest) => void;
  remove: (entity: Entity, id: string, name: string, after?: () => void) => void;
} {
  const workspaceId = useAppStore((s) => s.workspaceId) ?? '';
  const { bump, notify } = useAppStore.getState();
  const [dialog, setDialog] = useState<ReactNode>(null);
  // A new key per dialog: one form can open another (a duplicate grant opens the existing one) and must not keep its values.
  const opened = useRef(0);
  const close = () => setDialog(null);

  const edit = (r: EditRequest) => {
    opened.current += 1;
    setDialog(
      <FormDialog
        key={opened.current}
        title={r.title}
        errorAction={r.errorAction}
        fields={r.fields}
        initial={r.initial}
        submitLabel={r.submitLabel}
        version={r.version}
        currentValues={r.currentValues}
        onClose={close}
        onSubmit={async (v, expectedVersion) => {
          try {
            await r.save(v, expectedVersion);
          } catch (err) {
            if (err instanceof ApiError && err.code === 'CONFLICT') bump(); // the screen behind the dialog shows their change
            throw err;
          }
          bump();
        }}
      />,
    );
  };

  const remove = (entity: Entity, id: string, name: string, after?: () => void) => {
    void api.call('inventory:deleteImpact', { workspaceId, entity, id }).then(
      (impact) => {
        const consequences =
          entity === 'workflow'
            ? impact.agents
              ? ` ${impact.agents} agent(s) will no longer be linked to it; the agents themselves stay.`
              : ''
            : impact.grants
              ? ` This also removes ${impact.grants} permission grant(s).`
              : '';
        setDialog(
          <ConfirmDialog
            title={`Delete ${entity}?`}
            message={`Delete "${name}"?${consequences} This cannot be undone.`}
            confirmLabel={`Delete ${entity}`}
            onClose={close}
            onConfirm={async () => {
              await api.call(`${entity}:delete`, { workspaceId, id });
              notify(`Deleted ${entity} "${name}".`);
              bump();
              after?.();
            }}
          />,
        );
      },
      (err: unknown) => notify(err instanceof Error ? err.message : String(err), 'error'),
    );
  };

  return { dialog, edit, remove };
}
