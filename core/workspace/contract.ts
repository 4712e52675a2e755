import { z } from 'zod';
import { Id, Name } from '../common/schemas';
import { defineChannels } from '../contract/channel';
import { CreateWorkspaceRequest, WorkspaceInfo } from './model';

export const workspaceChannels = defineChannels({
  'workspace:list': { request: z.object({}), response: z.array(WorkspaceInfo) },
  'workspace:create': { request: CreateWorkspaceRequest, response: WorkspaceInfo },
  'workspace:open': { request: z.object({ workspaceId: Id }), response: WorkspaceInfo },
  /** Forget the last-opened workspace (the user chose "Switch workspace"). */
  'workspace:forgetLast': { request: z.object({}), response: z.object({ ok: z.literal(true) }) },
  'workspace:rename': { request: z.object({ workspaceId: Id, name: Name }), response: WorkspaceInfo },
  /** Where the data lives and which door is serving: shown in the About/Help panel. */
  'app:info': {
    request: z.object({}),
    response: z.object({
      version: z.string(),
      dataDir: z.string(),
      mode: z.enum(['desktop', 'browser', 'cli']),
      lastWorkspaceId: Id.nullable(),
    }),
  },
});
