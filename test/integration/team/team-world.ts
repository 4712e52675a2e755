import { afterAll, afterEach } from 'vitest';
import type { SerializedError } from '../../../core/common/errors';
import { openTeamDatabase, type TeamDatabase } from '../../../electron/store/team/database';
import { createTeamService, type TeamService } from '../../../electron/services/team/service';
import type { PostgresServer, PostgresUnavailable } from '../../support/postgres';

/** The team service on a fresh database of a real PostgreSQL, with a clock the test moves, and its first admin. */
export const FAST = { N: 2 ** 12, r: 8, p: 1 }; // the hash format is the same; only the cost is lower
export const ADMIN_PW = 'admin password 123';
export const ANN_PW = 'ann correct horse 1';
export const T0 = new Date('2026-12-03T10:00:00Z');

export type World = { db: TeamDatabase; svc: TeamService; url: string; advance: (ms: number) => void; adminId: string };

/** Registers the file's cleanup (databases closed after each test, the server stopped after all) and returns the world maker. */
export function teamWorlds(server: PostgresServer | PostgresUnavailable) {
  const open: TeamDatabase[] = [];
  afterEach(async () => {
    for (const db of open.splice(0)) await db.close();
  });
  afterAll(async () => {
    if (server.ok) await server.stop();
  });
  const track = (db: TeamDatabase) => (open.push(db), db);
  async function world(): Promise<World> {
    if (!server.ok) throw new Error('unreachable');
    const url = await server.createDatabase();
    const db = track(await openTeamDatabase(url));
    let clock = T0;
    const svc = createTeamService(db, { now: () => clock, policy: { scrypt: FAST } });
    const admin = await svc.bootstrap({
      email: 'ada@example.org',
      name: 'Ada',
      password: ADMIN_PW,
      workspace: { id: 'ws-a', name: 'Alpha' },
    });
    return { db, svc, url, adminId: admin.id, advance: (ms) => (clock = new Date(clock.getTime() + ms)) };
  }
  return { world, track };
}

/** The error a service call fails with (AppError's plain shape). */
export async function failure(p: Promise<unknown>): Promise<SerializedError> {
  try {
    await p;
  } catch (err) {
    return (err as { toJSON: () => SerializedError }).toJSON();
  }
  throw new Error('expected the call to fail');
}

/** Ann, invited by the admin as editor and approver of Alpha, has accepted. */
export async function invitedAnn(w: World, extra: { workspaceIds?: string[] } = {}) {
  const invite = await w.svc.invite(w.adminId, {
    email: 'Ann@Example.org',
    roles: ['editor', 'approver'],
    workspaceIds: ['ws-a'],
    ...extra,
  });
  const ann = await w.svc.accept({ token: invite.token, name: 'Ann', password: ANN_PW });
  return { invite, ann };
}
