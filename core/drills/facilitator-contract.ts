/** Facilitator materials (issue 15, section 3): the Situation Manual of a scenario and the AAR/IP of a drill, as DOCX or PDF. */
import { z } from 'zod';
import { Id, WorkspaceScoped } from '../common/schemas';
import { defineChannels } from '../contract/channel';

const Format = z.enum(['docx', 'pdf'], { error: 'Use docx or pdf' });
const FileOut = z.object({ fileName: z.string(), mime: z.string(), contentBase64: z.string() });

export const facilitatorChannels = defineChannels({
  'drills:situation-manual': {
    request: WorkspaceScoped.extend({
      scenarioId: z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/, 'Invalid scenario id'),
      /** A drill's targets and participants when printed from a drill; else the scenario with its fallbacks. */
      drillId: Id.nullable().default(null),
      agentIds: z.array(Id).max(10).default([]),
      format: Format,
    }),
    response: FileOut,
  },
  'drills:aar-ip': { request: WorkspaceScoped.extend({ drillId: Id, format: Format }), response: FileOut },
});
