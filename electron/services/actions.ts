/**
 * The corrective-action tracker's channels (issue 11 section 6). Input is parsed by the door with
 * core/actions schemas; here the references are checked against the workspace (controls of the
 * active checklist, agents of the inventory) before anything is written.
 */
import type { actionsChannels } from '../../core/actions/contract';
import type { ActionInput } from '../../core/actions/model';
import { fieldError } from '../../core/common/errors';
import type { z } from 'zod';
import { getTrackedAction, listActionRows, listAllCorrectiveActions, toActionRow } from '../store/actions/queries';
import { createTrackedAction, setTrackedActionStatus, updateTrackedAction } from '../store/actions/writes';
import { agentExists } from '../store/inventory/queries';
import { activeChecklist, ensureChecklist } from '../store/scoring/checklists';
import type { OpenWorkspace } from '../store/workspaces';
import { mutate, type ServiceContext } from './context';
import type { Handlers } from './handler-types';

type Fields = z.output<typeof ActionInput>;

/** Today's date (UTC), the day an action's due date is compared with. */
export const todayOf = (ctx: ServiceContext): string => ctx.now().toISOString().slice(0, 10);

/** Every control named must be in the active checklist and every agent in the inventory: a typo names the field. */
function checkReferences(ctx: ServiceContext, ws: OpenWorkspace, fields: Fields): void {
  ensureChecklist(ws.db, ctx.now());
  const controls = new Set(activeChecklist(ws.db).checklist.controls.map((c) => c.id));
  fields.controlIds.forEach((id, i) => {
    if (!controls.has(id)) throw fieldError(`action.controlIds.${i}`, `The checklist has no control "${id}".`);
  });
  if (new Set(fields.controlIds).size !== fields.controlIds.length) throw fieldError('action.controlIds', 'Each control only once.');
  fields.agentIds.forEach((id, i) => {
    if (!agentExists(ws.db, id)) throw fieldError(`action.agentIds.${i}`, 'This agent is not in the inventory.');
  });
  if (new Set(fields.agentIds).size !== fields.agentIds.length) throw fieldError('action.agentIds', 'Each agent only once.');
}

export const actionsHandlers: Handlers<typeof actionsChannels> = {
  'actions:list': (ctx, { workspaceId, filter }) => {
    const db = ctx.workspace(workspaceId).db;
    const today = todayOf(ctx);
    const all = listAllCorrectiveActions(db);
    return {
      actions: listActionRows(db, filter, today),
      owners: [...new Set(all.map((a) => a.owner))].sort((a, b) => a.localeCompare(b)),
      controls: [...new Set(all.flatMap((a) => a.controlIds))].sort(),
      today,
    };
  },

  'actions:get': (ctx, { workspaceId, actionId }) => {
    const db = ctx.workspace(workspaceId).db;
    return toActionRow(db, getTrackedAction(db, actionId), todayOf(ctx));
  },

  'actions:create': (ctx, { workspaceId, action, origin }) => {
    const ws = ctx.workspace(workspaceId);
    checkReferences(ctx, ws, action);
    const created = mutate(ctx, workspaceId, 'actions:create', (tx) => createTrackedAction(tx, action, origin));
    return toActionRow(ws.db, created, todayOf(ctx));
  },

  'actions:update': (ctx, { workspaceId, actionId, action }) => {
    const ws = ctx.workspace(workspaceId);
    checkReferences(ctx, ws, action);
    const updated = mutate(ctx, workspaceId, 'actions:update', (tx) => updateTrackedAction(tx, actionId, action));
    return toActionRow(ws.db, updated, todayOf(ctx));
  },

  'actions:set-status': (ctx, { workspaceId, actionId, change }) => {
    const ws = ctx.workspace(workspaceId);
    const updated = mutate(ctx, workspaceId, 'actions:set-status', (tx) => setTrackedActionStatus(tx, actionId, change));
    return toActionRow(ws.db, updated, todayOf(ctx));
  },
};
