import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { UserText } from '../../components/UserText';
import { ProfileDialog, type Profile } from './ProfileDialog';

type State = { profile: Profile | null; suggestedName: string; actorName: string };

/**
 * The acting person in the top bar. On first use (no saved profile) the profile dialog opens by
 * itself, with the operating-system user name filled in; afterwards the button reopens it.
 */
export function ProfileButton() {
  const [state, setState] = useState<State | null>(null);
  const [open, setOpen] = useState<'first-run' | 'edit' | null>(null);
  const load = () =>
    api.call('profile:get', {}).then(
      (r) => {
        setState({ profile: r.profile, suggestedName: r.suggestedName, actorName: r.actor.name });
        return r.profile;
      },
      () => null,
    );
  useEffect(() => {
    void load().then((p) => {
      if (p === null) setOpen('first-run');
    });
  }, []);
  if (!state) return null;
  const initial = state.profile ?? { name: state.suggestedName, email: '', role: '' };
  return (
    <>
      <button type="button" className="profile-button" onClick={() => setOpen('edit')} title="Who your changes are recorded as">
        Acting as <UserText text={state.profile?.name ?? state.actorName} />
      </button>
      {open && (
        <ProfileDialog
          initial={initial}
          firstRun={open === 'first-run'}
          onDone={() => {
            setOpen(null);
            void load();
          }}
        />
      )}
    </>
  );
}
