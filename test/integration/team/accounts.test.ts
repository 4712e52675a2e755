import { describe, expect, it } from 'vitest';
import { startPostgres } from '../../support/postgres';
import { ANN_PW, T0, FAST, failure, invitedAnn, teamWorlds } from './team-world';
import { openTeamDatabase } from '../../../electron/store/team/database';
import { createTeamService } from '../../../electron/services/team/service';

/** Accounts, invitations, sessions and lockout on a real PostgreSQL (issue 14 §3). */
const server = await startPostgres();
const { world, track } = teamWorlds(server);

describe.skipIf(!server.ok)('team accounts on PostgreSQL', () => {
  it('the first admin is made once; later people come by invitation, whose link works once', async () => {
    const w = await world();
    const again = await failure(
      w.svc.bootstrap({ email: 'eve@example.org', name: 'Eve', password: 'x'.repeat(12), workspace: { id: 'ws-b', name: 'B' } }),
    );
    expect(again).toMatchObject({ code: 'REFUSED', details: { status: 409 } });

    const { invite, ann } = await invitedAnn(w);
    expect(ann).toMatchObject({ name: 'Ann', roles: ['approver', 'editor'], workflowScope: null, workspaces: ['ws-a'] });
    const twice = await failure(w.svc.accept({ token: invite.token, name: 'Mallory', password: 'mallory password' }));
    expect(twice).toMatchObject({ code: 'REFUSED', message: expect.stringContaining('already used') });
    const forged = await failure(w.svc.accept({ token: 'A'.repeat(43), name: 'Mallory', password: 'mallory password' }));
    expect(forged).toMatchObject({ code: 'REFUSED', message: expect.stringContaining('not valid') });
    // a non-admin cannot invite
    expect(await failure(w.svc.invite(ann.id, { email: 'bob@example.org', roles: ['admin'] }))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('an invitation link expires, and two people racing with one link cannot both join', async () => {
    const w = await world();
    const late = await w.svc.invite(w.adminId, { email: 'late@example.org', roles: ['viewer'] });
    w.advance(7 * 24 * 3600_000 + 1);
    expect(await failure(w.svc.accept({ token: late.token, name: 'Late', password: 'late password 1' }))).toMatchObject({
      message: expect.stringContaining('expired'),
    });
    const race = await w.svc.invite(w.adminId, { email: 'race@example.org', roles: ['viewer'] });
    const results = await Promise.allSettled(
      ['One', 'Two', 'Three'].map((name) => w.svc.accept({ token: race.token, name, password: 'race password 1' })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('signs in with the right password only, and the session names the account, its roles and workspaces', async () => {
    const w = await world();
    await invitedAnn(w);
    const s = await w.svc.signIn({ email: 'ann@example.org', password: ANN_PW, client: '10.0.0.1' });
    expect(s.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await w.svc.accountOfSession(s.token)).toMatchObject({ name: 'Ann', roles: ['approver', 'editor'], workspaces: ['ws-a'] });
    const wrong = await failure(w.svc.signIn({ email: 'ann@example.org', password: 'not it at all', client: '10.0.0.1' }));
    const nobody = await failure(w.svc.signIn({ email: 'nobody@example.org', password: 'not it at all', client: '10.0.0.1' }));
    expect(wrong).toEqual({ code: 'UNAUTHENTICATED', message: 'Wrong email or password.', details: { status: 401 } });
    expect(nobody).toEqual(wrong); // an unknown email is not told apart
    expect(await w.svc.accountOfSession('A'.repeat(43))).toBeNull();
  });

  it('locks an account after 5 wrong passwords in a row, even against the right one, until the lock ends', async () => {
    const w = await world();
    await invitedAnn(w);
    const attempt = (password: string) => w.svc.signIn({ email: 'ann@example.org', password, client: `c-${Math.random()}` });
    for (let i = 1; i <= 4; i++) expect(await failure(attempt(`wrong guess ${i}`))).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await failure(attempt('wrong guess 5'))).toMatchObject({ code: 'REFUSED', details: { status: 423 } });
    expect(await failure(attempt(ANN_PW))).toMatchObject({
      code: 'REFUSED',
      details: { status: 423 },
      message: expect.stringContaining('locked'),
    });
    w.advance(15 * 60_000 + 1);
    expect((await attempt(ANN_PW)).account.name).toBe('Ann');
    // the count starts again after a success
    for (let i = 1; i <= 4; i++) expect(await failure(attempt(`again ${i}`))).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('rate-limits sign-in from one client, whatever the accounts tried, counted in the database', async () => {
    const w = await world();
    await invitedAnn(w);
    for (let i = 0; i < 30; i++)
      await failure(w.svc.signIn({ email: `guess${i}@example.org`, password: 'guessing', client: '203.0.113.9' }));
    // a second server instance on the same database sees the same count
    const other = track(await openTeamDatabase(w.url));
    const svc2 = createTeamService(other, { now: () => T0, policy: { scrypt: FAST } });
    const limited = await failure(svc2.signIn({ email: 'ann@example.org', password: ANN_PW, client: '203.0.113.9' }));
    expect(limited).toMatchObject({ code: 'REFUSED', details: { status: 429 } });
    expect((await svc2.signIn({ email: 'ann@example.org', password: ANN_PW, client: '198.51.100.7' })).account.name).toBe('Ann');
  });

  it('sessions expire, sign-out ends one, and sign-out everywhere ends them all', async () => {
    const w = await world();
    await invitedAnn(w);
    const signIn = (client: string) => w.svc.signIn({ email: 'ann@example.org', password: ANN_PW, client });
    const early = await signIn('laptop');
    w.advance(12 * 3600_000 + 1);
    expect(await w.svc.accountOfSession(early.token)).toBeNull();

    const [laptop, phone, tablet] = [await signIn('laptop'), await signIn('phone'), await signIn('tablet')];
    await w.svc.signOut(tablet.token);
    expect(await w.svc.accountOfSession(tablet.token)).toBeNull();
    expect(await w.svc.accountOfSession(phone.token)).not.toBeNull();
    expect(await w.svc.signOutEverywhere(laptop.token)).toBe(2);
    expect(await w.svc.accountOfSession(laptop.token)).toBeNull();
    expect(await w.svc.accountOfSession(phone.token)).toBeNull();
    expect(await w.svc.accountOfSession((await signIn('laptop')).token)).not.toBeNull();
  });

  it('an admin resets a password: the one-time link sets a new one, ends every session and lifts a lockout', async () => {
    const w = await world();
    const { ann } = await invitedAnn(w);
    const before = await w.svc.signIn({ email: 'ann@example.org', password: ANN_PW, client: 'x' });
    for (let i = 0; i < 5; i++) await failure(w.svc.signIn({ email: 'ann@example.org', password: `nope ${i}`, client: 'x' }));
    expect(await failure(w.svc.issueReset(ann.id, w.adminId))).toMatchObject({ code: 'FORBIDDEN' });
    const reset = await w.svc.issueReset(w.adminId, ann.id);
    await w.svc.resetPassword({ token: reset.token, password: 'ann new password 2' });
    expect(await failure(w.svc.resetPassword({ token: reset.token, password: 'ann third password' }))).toMatchObject({
      message: expect.stringContaining('already used'),
    });
    expect(await w.svc.accountOfSession(before.token)).toBeNull();
    expect(await failure(w.svc.signIn({ email: 'ann@example.org', password: ANN_PW, client: 'x' }))).toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    expect((await w.svc.signIn({ email: 'ann@example.org', password: 'ann new password 2', client: 'x' })).account.id).toBe(ann.id);
  });

  it('workspaces are isolated: an account sees only those it was invited to', async () => {
    const w = await world();
    await w.svc.createWorkspace(w.adminId, { id: 'ws-b', name: 'Bravo' });
    const { ann } = await invitedAnn(w, { workspaceIds: ['ws-b'] });
    expect((await w.svc.workspaces(ann.id)).map((x) => x.name)).toEqual(['Bravo']);
    expect((await w.svc.workspaces(w.adminId)).map((x) => x.name)).toEqual(['Alpha', 'Bravo']);
    const s = await w.svc.signIn({ email: 'ann@example.org', password: ANN_PW, client: 'x' });
    expect((await w.svc.accountOfSession(s.token))?.workspaces).toEqual(['ws-b']);
    // an admin can only invite to workspaces it belongs to
    const dave = await w.svc.invite(w.adminId, { email: 'dave@example.org', roles: ['admin'] });
    const daveId = (await w.svc.accept({ token: dave.token, name: 'Dave', password: 'dave password 1' })).id;
    expect(await failure(w.svc.invite(daveId, { email: 'x@example.org', roles: ['viewer'], workspaceIds: ['ws-a'] }))).toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('an admin changes roles and the workflow scope; the next request of a signed-in session sees them', async () => {
    const w = await world();
    const { ann } = await invitedAnn(w);
    const s = await w.svc.signIn({ email: 'ann@example.org', password: ANN_PW, client: 'x' });
    await w.svc.setGrants(w.adminId, ann.id, { roles: ['editor'], workflowScope: ['wf-billing'] });
    expect(await w.svc.accountOfSession(s.token)).toMatchObject({ roles: ['editor'], workflowScope: ['wf-billing'], workspaces: ['ws-a'] });
    await w.svc.setGrants(w.adminId, ann.id, { roles: ['viewer', 'facilitator'] });
    expect(await w.svc.accountOfSession(s.token)).toMatchObject({ roles: ['facilitator', 'viewer'], workflowScope: null });
    expect(await failure(w.svc.setGrants(ann.id, ann.id, { roles: ['admin'] }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await failure(w.svc.setGrants(w.adminId, w.adminId, { roles: ['viewer'] }))).toMatchObject({ code: 'REFUSED' });
    expect(await failure(w.svc.setGrants(w.adminId, 'no-such-account', { roles: ['viewer'] }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(w.svc.setGrants(w.adminId, ann.id, { roles: [] }))).toMatchObject({
      code: 'VALIDATION',
      issues: [{ path: 'roles', message: 'Choose at least one role' }],
    });
    expect(await failure(w.svc.invite(w.adminId, { email: 'not an email', roles: ['viewer'] }))).toMatchObject({
      issues: [{ path: 'email', message: 'Enter an email address' }],
    });
  });
});
