import { z } from 'zod';
import { WorkspaceScoped } from '../common/schemas';
import { defineChannels } from '../contract/channel';
import { DATASETS } from './datasets';

/** A folder named by the CLI; the desktop app asks with its save dialog instead, and other doors are refused. */
const Dir = z.string().trim().min(1, 'Required').max(4096, 'At most 4096 characters').optional();
const Saved = z.object({
  saved: z.boolean(),
  path: z.string().nullable(),
  /** Data rows written (a CSV's or the sheets' lines below their headers; a workspace file's table rows). */
  rows: z.number().int(),
  bytes: z.number().int(),
});

/**
 * Exports streamed to disk (issue 16 §2): read row by row from a snapshot and written to a temp
 * file renamed into place, never built whole in memory or sent over the bridge as base64.
 */
export const exportFileChannels = defineChannels({
  'export:dataFile': {
    request: WorkspaceScoped.extend({ dataset: z.enum([...DATASETS, 'inventory', 'all']), format: z.enum(['csv', 'xlsx']), dir: Dir }),
    response: Saved,
  },
  'export:workspaceFile': { request: WorkspaceScoped.extend({ dir: Dir }), response: Saved },
});
