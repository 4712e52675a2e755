import { z } from 'zod';
import { Id, Name } from '../common/schemas';

export const WorkspaceInfo = z.object({
  id: Id,
  name: z.string(),
  file: z.string(),
  status: z.enum(['ok', 'unavailable']),
  /** Why a workspace could not be opened; its file is kept untouched. */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  createdAt: z.string(),
});
export type WorkspaceInfo = z.infer<typeof WorkspaceInfo>;

export const CreateWorkspaceRequest = z.object({
  name: Name,
  /** Start from the example organisation instead of an empty inventory. */
  example: z.boolean().default(false),
});
