import { api } from '../../api/client';
import { useAppStore } from '../../app/app.store';
import { FormDialog, type FieldSpec } from '../../components/FormDialog';

export type Profile = { name: string; email: string; role: string };

const FIELDS: readonly FieldSpec[] = [
  { name: 'profile.name', label: 'Your name', kind: 'text', required: true, maxLength: 200, hint: 'Recorded with every change you make.' },
  { name: 'profile.email', label: 'Email', kind: 'text', maxLength: 320 },
  { name: 'profile.role', label: 'Role', kind: 'text', maxLength: 200, hint: 'e.g. Security lead, Auditor' },
];

/**
 * Who is acting: asked once on first use (with the operating-system user name as the default) and
 * changeable from the top bar. Saving it is recorded in the workspace's change history.
 */
export function ProfileDialog({ initial, firstRun, onDone }: { initial: Profile; firstRun: boolean; onDone: () => void }) {
  const workspaceId = useAppStore((s) => s.workspaceId);
  return (
    <FormDialog
      title={firstRun ? 'Who is using Agent Readiness?' : 'Your profile'}
      fields={FIELDS}
      initial={{ 'profile.name': initial.name, 'profile.email': initial.email, 'profile.role': initial.role }}
      submitLabel={firstRun ? 'Continue' : 'Save profile'}
      onSubmit={async (v) => {
        const text = (k: string) => (typeof v[k] === 'string' ? v[k] : '');
        await api.call('profile:set', {
          workspaceId: workspaceId ?? null,
          profile: { name: text('profile.name'), email: text('profile.email'), role: text('profile.role') },
        });
        useAppStore.getState().bump();
        useAppStore.getState().notify('Profile saved: your changes are recorded under this name.');
        onDone();
      }}
      onClose={onDone}
    />
  );
}
