import { create } from 'zustand';
import type { Channel } from '../../../core/contract/index';
import type { Role } from '../../../core/team/rules';
import { setCsrfToken } from '../../api/client';
import { decide, type Permission } from './permissions';

/**
 * Team mode in the renderer (issue 14 §3): the team server answers GET /team/me with who is
 * signed in and the session's CSRF token; the desktop app and the loopback browser mode have no
 * such endpoint and run as before. What the account may do comes from core/team's one table,
 * the same one the server checks, so a control the role may not use is hidden.
 */
export type TeamMe = { id: string; name: string; roles: Role[]; workflowScope: string[] | null; workspaces: string[] };
/** `oidc`: the server offers "Sign in with <name>" (issue 14 §3), else null or absent. */
export type TeamState = { team: boolean; account: TeamMe | null; oidc?: { name: string } | null };

export const useTeam = create<TeamState>(() => ({ team: false, account: null }));

type MeReply = { team?: unknown; account?: TeamMe | null; csrf?: string | null; oidc?: { name?: unknown } | null };

let probed: Promise<TeamState> | null = null;
let currentCsrf: string | null = null;

/** The session's CSRF token, sent with every changing request (the API's and the team endpoints'). */
export const rememberCsrf = (token: string | null): void => {
  currentCsrf = token;
  setCsrfToken(token);
};

/** Asks the server once per page load whether it is a team server and who is signed in. */
export function probeTeam(): Promise<TeamState> {
  probed ??= (async () => {
    if (typeof window === 'undefined' || window.api) return { team: false, account: null };
    try {
      const res = await fetch('/team/me', { credentials: 'same-origin' });
      if (!(res.headers.get('content-type') ?? '').startsWith('application/json')) {
        // Not a team server (browser mode answers with the app's page): drop the unread body, or the request stays open.
        await res.body?.cancel();
        return { team: false, account: null };
      }
      const me = (await res.json()) as MeReply;
      if (me.team !== true) return { team: false, account: null };
      rememberCsrf(me.csrf ?? null);
      const oidcName = typeof me.oidc?.name === 'string' ? me.oidc.name : null;
      return { team: true, account: me.account ?? null, oidc: oidcName ? { name: oidcName } : null };
    } catch {
      return { team: false, account: null };
    }
  })().then((s) => (useTeam.setState(s), s));
  return probed;
}

export type TeamReply<T> =
  | { ok: true; value: T }
  | { ok: false; status: number; error: { code: string; message: string; issues?: { path: string; message: string }[] } };

/** A POST to the team server's own endpoints (/team/sign-in and the like), with the CSRF token when signed in. */
export async function teamPost<T>(path: string, body: unknown, csrf: string | null = currentCsrf): Promise<TeamReply<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (csrf) headers['x-csrf-token'] = csrf;
  try {
    const res = await fetch(path, { method: 'POST', credentials: 'same-origin', headers, body: JSON.stringify(body) });
    const json = (await res.json()) as { ok: boolean; value?: T; error?: { code: string; message: string } };
    return json.ok
      ? { ok: true, value: json.value as T }
      : { ok: false, status: res.status, error: json.error ?? { code: 'INTERNAL', message: 'Failed' } };
  } catch {
    return { ok: false, status: 0, error: { code: 'INTERNAL', message: 'The team server is not reachable.' } };
  }
}

/** Whether the signed-in account may use a channel (outside team mode: always); see permissions.ts. */
export function mayUse(state: TeamState, channel: Channel, workflowIds?: readonly string[]): boolean {
  return decide(state, channel, workflowIds).allowed;
}

/** `can('grant:create')`, `can('agent:update', agent.workflowIds)`: for hiding controls the account may not use. */
export function useCan(): (channel: Channel, workflowIds?: readonly string[]) => boolean {
  const state = useTeam();
  return (channel, workflowIds) => mayUse(state, channel, workflowIds);
}

/** The whole decision (with the reason to show), for controls that stay visible but disabled. */
export function usePermission(): (channel: Channel, workflowIds?: readonly string[]) => Permission {
  const state = useTeam();
  return (channel, workflowIds) => decide(state, channel, workflowIds);
}

/** Whether the signed-in account is an admin of the team server (the Team screen). */
export const isTeamAdmin = (state: TeamState): boolean => state.team && (state.account?.roles.includes('admin') ?? false);
