import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../core/contract/index';
import type { ConnectionStatus, MoveResult } from '../../core/team/connection';
import type { DesktopTeamApi } from '../../renderer/api/client';
import { WorkspacePicker } from '../../renderer/features/workspaces/WorkspacePicker';
import { useDesktopConnection } from '../../renderer/features/team/desktop-connection';
import { useTeam } from '../../renderer/features/team/team';
import { onChanges } from '../../renderer/api/changes';
import { answer } from './fake-backend';

/**
 * The picker's team server panel in the desktop app, with a stand-in for the preload's
 * window.desktop.team (the main process side is tested against a real server in
 * test/integration/team/desktop-connection.test.ts): the address, then the sign-in, errors next
 * to their fields, which server and account are connected, the server's workspaces, moving a
 * local one in, and Disconnect. In browser mode the panel is not there.
 */
const describedBy = (el: HTMLElement): string =>
  (el.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');

const base: ConnectionStatus = { state: 'local', origin: null, email: null, account: null, oidc: null, remembered: false, notice: null };
const ok = <T,>(value: T): Promise<Result<unknown>> => Promise.resolve({ ok: true, value });
const refused = (code: string, message: string, path?: string): Promise<Result<unknown>> =>
  Promise.resolve({ ok: false, error: { code: code as never, message, ...(path ? { issues: [{ path, message }] } : {}) } });
const ws = (id: string, name: string) => ({ id, name, file: `/data/${id}.sqlite`, status: 'ok', error: null, createdAt: '2026-01-01' });

let connected = false;
let moves: string[] = [];
function fakeTeam(): DesktopTeamApi {
  const signedIn: ConnectionStatus = {
    ...base,
    state: 'signed-in',
    origin: 'https://readiness.example.org',
    email: 'ada@example.org',
    account: { id: 'a1', name: 'Ada', roles: ['admin'], workflowScope: null, workspaces: ['ws-a'] },
    remembered: true,
  };
  const atServer: ConnectionStatus = { ...base, state: 'server', origin: 'https://readiness.example.org' };
  const result: MoveResult = {
    workspace: { id: 'pay-1', name: 'Payments' },
    source: { intact: true, count: 55, head: 'abcdef0123456789' },
    copy: { intact: true, count: 55, head: 'abcdef0123456789' },
    extra: 0,
    same: true,
  };
  return {
    status: () => ok(base),
    open: (url) => (url.startsWith('http://') ? refused('VALIDATION', 'Only https:// addresses are accepted', 'url') : ok(atServer)),
    signIn: (_email, password) => {
      if (password !== 'right password') return refused('UNAUTHENTICATED', 'Wrong email or password.', 'password');
      connected = true;
      return ok(signedIn);
    },
    signOut: () => ((connected = false), ok(base)),
    localWorkspaces: () => ok([{ id: 'pay-1', name: 'Payments', status: 'ok' }]),
    moveToServer: (id) => (moves.push(id), ok(result)),
    download: () => ok(result),
    onStatus: () => () => undefined,
  };
}

beforeEach(() => {
  connected = false;
  moves = [];
  window.desktop = { onMenuCommand: () => () => undefined, team: fakeTeam() };
  useDesktopConnection.setState({ status: null });
  useTeam.setState({ team: false, account: null });
  answer('workspace:list', () => ok(connected ? [ws('ws-a', 'Alpha')] : [ws('pay-1', 'Payments')]));
});
afterEach(() => {
  delete window.desktop;
});

describe('desktop: connect to a team server from the workspace picker', () => {
  it('asks for the address, then the sign-in, shows who is connected and the server’s workspaces, moves one in, disconnects', async () => {
    const user = userEvent.setup();
    render(<WorkspacePicker />);
    await user.click(await screen.findByRole('button', { name: 'Connect to a team server' }));
    const url = screen.getByLabelText('Team server address');
    await user.type(url, 'http://readiness.example.org{Enter}');
    await waitFor(() => expect(describedBy(url)).toContain('Only https://'));
    expect(url.getAttribute('aria-invalid')).toBe('true');

    await user.clear(url);
    await user.type(url, 'https://readiness.example.org{Enter}');
    const password = await screen.findByLabelText('Password');
    await user.type(screen.getByLabelText('Email'), 'ada@example.org');
    await user.type(password, 'wrong{Enter}');
    await waitFor(() => expect(describedBy(screen.getByLabelText('Password'))).toContain('Wrong email or password.'));

    await user.clear(screen.getByLabelText('Password'));
    await user.type(screen.getByLabelText('Password'), 'right password{Enter}');
    expect(await screen.findByTestId('connected-to')).toHaveProperty(
      'textContent',
      expect.stringContaining('https://readiness.example.org as Ada (admin)'),
    );
    expect(await screen.findByRole('heading', { name: 'On the team server' })).toBeTruthy();
    expect(await screen.findByRole('button', { name: 'Alpha' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Download a local copy of Alpha' })).toBeTruthy();

    await user.click(await screen.findByRole('button', { name: 'Move Payments to team server' }));
    await waitFor(() => expect(document.body.textContent).toContain('55 history entries, head abcdef012345, the same on both sides'));
    expect(moves).toEqual(['pay-1']);

    await user.click(screen.getByRole('button', { name: 'Disconnect' }));
    expect(await screen.findByRole('button', { name: 'Connect to a team server' })).toBeTruthy();
    expect(await screen.findByRole('button', { name: 'Payments' })).toBeTruthy();
  });

  it('is not offered in browser mode', async () => {
    delete window.desktop;
    render(<WorkspacePicker />);
    expect(await screen.findByRole('button', { name: 'Payments' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Connect to a team server' })).toBeNull();
  });

  it('hears changes through the main process relay, one subscription for all listeners', () => {
    const relay: ((n: unknown) => void)[] = [];
    window.desktop = {
      onMenuCommand: () => () => undefined,
      onChange: (cb) => (relay.push(cb as (n: unknown) => void), () => void relay.splice(0)),
    };
    const got: unknown[] = [];
    const offA = onChanges((n) => got.push(['a', n?.channel ?? null]));
    const offB = onChanges((n) => got.push(['b', n?.channel ?? null]));
    expect(relay).toHaveLength(1);
    relay[0]!({ workspaceId: 'ws-a', channel: 'system:create', at: '2026-01-01T00:00:00Z', serial: 1 });
    relay[0]!(null);
    expect(got).toEqual([
      ['a', 'system:create'],
      ['b', 'system:create'],
      ['a', null],
      ['b', null],
    ]);
    offA();
    offB();
    expect(relay).toHaveLength(0);
  });
});
