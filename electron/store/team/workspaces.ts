import { audit, type TeamDatabase, type TeamTx } from './database';

/** The workspaces of a team server and who was invited to each: an account sees only its own. */
export type TeamWorkspaceRow = { id: string; name: string };

export async function insertWorkspace(tx: TeamTx, w: TeamWorkspaceRow): Promise<void> {
  await tx.client.query('INSERT INTO team_workspaces (id, name, created_at) VALUES ($1, $2, $3)', [w.id, w.name, tx.now]);
  await audit(tx, 'workspace.create', w.id, { name: w.name });
}

export async function addMemberships(tx: TeamTx, accountId: string, workspaceIds: string[]): Promise<void> {
  if (workspaceIds.length === 0) return;
  await tx.client.query(
    `INSERT INTO team_memberships (account_id, workspace_id, created_at)
     SELECT $1, w.id, $3 FROM team_workspaces w WHERE w.id = ANY($2::text[])
     ON CONFLICT DO NOTHING`,
    [accountId, workspaceIds, tx.now],
  );
  await audit(tx, 'membership.add', accountId, { workspaces: workspaceIds });
}

export async function removeMembership(tx: TeamTx, accountId: string, workspaceId: string): Promise<void> {
  await tx.client.query('DELETE FROM team_memberships WHERE account_id = $1 AND workspace_id = $2', [accountId, workspaceId]);
  await audit(tx, 'membership.remove', accountId, { workspace: workspaceId });
}

/** The workspaces an account was invited to, by name. */
export async function workspacesOf(db: TeamDatabase, accountId: string): Promise<TeamWorkspaceRow[]> {
  const r = await db.pool.query<TeamWorkspaceRow>(
    `SELECT w.id, w.name FROM team_workspaces w JOIN team_memberships m ON m.workspace_id = w.id
     WHERE m.account_id = $1 ORDER BY lower(w.name), w.id`,
    [accountId],
  );
  return r.rows;
}

export async function existingWorkspaceIds(q: TeamDatabase['pool'] | TeamTx['client'], ids: string[]): Promise<string[]> {
  const r = await q.query<{ id: string }>('SELECT id FROM team_workspaces WHERE id = ANY($1::text[]) ORDER BY id', [ids]);
  return r.rows.map((x) => x.id);
}
