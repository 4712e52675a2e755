import { z } from 'zod';
import { Id, WorkspaceScoped } from '../common/schemas';
import { defineChannels } from '../contract/channel';
import { FileOut } from '../transfer/contract';
import { HistoryActor, HistoryEntry, HistoryFilter, HistoryVerification } from './model';

/** The acting person on the desktop and in browser mode (issue 11; the team issue swaps it for accounts). */
export const Profile = z.object({
  name: z.string().trim().min(1, 'Name is required').max(200),
  email: z
    .string()
    .trim()
    .max(320)
    .refine((v) => v === '' || /^[^\s@]+@[^\s@]+$/.test(v), 'Enter an email address like name@example.org, or leave it empty'),
  role: z.string().trim().max(200),
});
export type Profile = z.infer<typeof Profile>;

export const historyChannels = defineChannels({
  /** The saved profile (null before first use), and the OS user name to suggest in the first-run dialog. */
  'profile:get': {
    request: z.object({}),
    response: z.object({ profile: Profile.nullable(), suggestedName: z.string(), actor: HistoryActor }),
  },
  /** Saves the profile; the change is itself recorded in the history of the workspace it was made in. */
  'profile:set': { request: z.object({ workspaceId: Id.nullable().default(null), profile: Profile }), response: Profile },
  'history:verify': { request: WorkspaceScoped, response: HistoryVerification },
  'history:list': {
    request: WorkspaceScoped.extend({
      filter: HistoryFilter.default({}),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(500).default(50),
    }),
    response: z.object({
      total: z.number().int(),
      entries: z.array(HistoryEntry),
      actors: z.array(z.string()),
      entities: z.array(z.string()),
    }),
  },
  'history:export': {
    request: WorkspaceScoped.extend({ filter: HistoryFilter.default({}), format: z.enum(['csv', 'xlsx', 'json']) }),
    response: FileOut,
  },
});
