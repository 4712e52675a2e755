import { type workspaceChannels } from '../../core/workspace/contract';
import type { WorkspaceInfo } from '../../core/workspace/model';
import { loadExampleInventory } from '../store/inventory/example';
import { workspaceCreatedAt, type OpenWorkspace } from '../store/workspaces';
import { doorOf, mutate } from './context';
import type { Handlers } from './handler-types';

export const info = (ws: OpenWorkspace): WorkspaceInfo => ({
  id: ws.id,
  name: ws.name,
  file: ws.file,
  status: 'ok',
  error: null,
  createdAt: workspaceCreatedAt(ws.db),
});

export const workspaceHandlers: Handlers<typeof workspaceChannels> = {
  'workspace:list': (ctx) => ctx.workspaces.list(),
  'workspace:create': (ctx, input) => {
    const ws = ctx.workspaces.create(input.name, ctx.now(), ctx.actor, doorOf(ctx.mode));
    if (input.example) mutate(ctx, ws.id, 'workspace:create', ({ db, now }) => loadExampleInventory(db, now));
    ctx.workspaces.lastOpened = ws.id;
    return info(ws);
  },
  'workspace:open': (ctx, input) => {
    const ws = ctx.workspace(input.workspaceId);
    ctx.workspaces.lastOpened = ws.id;
    return info(ws);
  },
  'workspace:forgetLast': (ctx) => {
    ctx.workspaces.lastOpened = null;
    return { ok: true };
  },
  'workspace:rename': (ctx, input) =>
    info(mutate(ctx, input.workspaceId, 'workspace:rename', (tx) => ctx.workspaces.rename(tx, input.workspaceId, input.name))),
  'app:info': (ctx) => ({
    version: ctx.version,
    dataDir: ctx.workspaces.dataDir,
    mode: ctx.mode,
    lastWorkspaceId: ctx.workspaces.lastOpened,
  }),
};
