/**
 * The first requests of a launch, started while the rest of the app's code is still being evaluated:
 * renderer/main.tsx imports this module first, so app:info leaves as soon as the code has downloaded,
 * and the workspace opens (and the dashboard's scores are computed) while React and the screens load.
 */
import { api } from '../api/client';
import type { Response } from '../../core/contract/index';
import { useAppStore } from './app.store';
import { probeTeam } from '../features/team/team';

export type Startup = Promise<Response<'workspace:open'> | null>;

let started: Startup | null = null;

/** Reopens the last workspace (once per launch); null when there is none. */
export function startupRequests(): Startup {
  // A team server with nobody signed in shows the sign-in screen: nothing to reopen. Signed in, the probe brings the CSRF token app:info needs.
  started ??= probeTeam().then((team) => (team.team && !team.account ? null : reopen()));
  return started;
}

function reopen(): Startup {
  return api.call('app:info', {}).then((info) => {
    const last = info.lastWorkspaceId;
    if (!last) return null;
    // The dashboard is the usual first screen: ask for its scores while the workspace opens.
    if (useAppStore.getState().route.id === 'dashboard') api.prefetch('score:dashboard', { workspaceId: last });
    return api.call('workspace:open', { workspaceId: last });
  });
}

void startupRequests().catch(() => undefined); // a failure is shown by App (useStartup), not as an unhandled rejection
