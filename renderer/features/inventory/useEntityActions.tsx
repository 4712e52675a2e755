import { useRef, useState, type ReactNode } from 'react';
import { api } from '../../api/client';
import { useAppStore } from '../../app/app.store';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { FormDialog, type FieldSpec, type FormValues } from '../../components/FormDialog';

type Entity = 'workflow' | 'agent' | 'system' | 'environment';

export type EditRequest = {
  title: string;
  fields: FieldSpec[];
  initial: FormValues;
  submitLabel: string;
  save: (v: FormValues) => Promise<void>;
  errorAction?: (err: unknown) => { label: string; run: () => void } | null;
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
        onClose={close}
        onSubmit={async (v) => {
          await r.save(v);
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
