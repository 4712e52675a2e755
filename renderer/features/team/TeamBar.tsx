import { useState } from 'react';
import { UserText } from '../../components/UserText';
import { desktopTeam } from '../../api/client';
import { ConnectedIndicator } from './DesktopConnect';
import { teamPost, useTeam } from './team';

/** The signed-in person in the shell's top bar, with sign out (this browser) and sign out everywhere (every session). */
export function TeamBar() {
  const account = useTeam((s) => s.account);
  const [error, setError] = useState<string | null>(null);
  // The desktop app connected to a team server: the main process holds the session.
  if (desktopTeam()) return <ConnectedIndicator />;
  if (!account) return null;
  const out = async (path: string) => {
    const r = await teamPost(path, {});
    if (r.ok) window.location.replace('/');
    else setError(r.error.message);
  };
  return (
    <span className="team-bar">
      <span className="team-account" title={`Roles: ${account.roles.join(', ')}`} data-testid="signed-in-as">
        <UserText text={account.name} /> <span className="muted">({account.roles.join(', ')})</span>
      </span>
      <button type="button" onClick={() => void out('/team/sign-out')}>
        Sign out
      </button>
      <button type="button" onClick={() => void out('/team/sign-out-everywhere')}>
        Sign out everywhere
      </button>
      {error && (
        <span className="form-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
