import { useState } from 'react';
import type { Finding } from '../../../core/scoring/types';
import { api } from '../../api/client';
import { useAppStore } from '../../app/app.store';
import { FormDialog } from '../../components/FormDialog';
import { actionFields, actionInitial, actionInput } from './forms';
import { GatedButton } from '../team/GatedButton';

/**
 * "Open an action" on a finding: a corrective action linked to the finding's control and agent,
 * tracked on the Corrective actions screen. The form starts from the finding's words.
 */
export function OpenActionButton({ finding, assessmentId = null }: { finding: Finding; assessmentId?: string | null }) {
  const workspaceId = useAppStore((s) => s.workspaceId) ?? '';
  const bump = useAppStore((s) => s.bump);
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  return (
    <>
      <GatedButton channel="actions:create" onClick={() => setOpen(true)} aria-label={`Open an action for: ${finding.message}`}>
        Open an action…
      </GatedButton>
      {done && (
        <span role="status" className="small">
          {done}
        </span>
      )}
      {open && (
        <FormDialog
          title="Open a corrective action"
          fields={actionFields(workspaceId)}
          initial={actionInitial({
            title: `Fix: ${finding.message}`.slice(0, 1000),
            controlIds: [finding.controlId],
            agentIds: [finding.agentId],
          })}
          submitLabel="Open action"
          onSubmit={async (v) => {
            const a = await api.call('actions:create', {
              workspaceId,
              action: actionInput(v),
              origin: { source: 'assessment', assessmentId, findingKey: finding.key },
            });
            setDone(`Action opened for ${a.owner}, due ${a.dueDate}.`);
            bump();
          }}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}
