import { z } from 'zod';
import { Id, WorkspaceScoped } from '../common/schemas';
import { defineChannels } from '../contract/channel';
import { ActionFilter, ActionInput, ActionOrigin, ActionRow, StatusChange } from './model';

const ActionRef = WorkspaceScoped.extend({ actionId: Id });

export const actionsChannels = defineChannels({
  /** Every corrective action (drills, assessments, by hand), overdue ones first, with the filters applied. */
  'actions:list': {
    request: WorkspaceScoped.extend({ filter: ActionFilter.default({ owner: null, status: null, controlId: null }) }),
    response: z.object({
      actions: z.array(ActionRow),
      /** Every owner and control named by any action, for the filter menus. */
      owners: z.array(z.string()),
      controls: z.array(z.string()),
      today: z.string(),
    }),
  },
  'actions:get': { request: ActionRef, response: ActionRow },
  /** Add an action by hand, or open one from an assessment finding. */
  'actions:create': {
    request: WorkspaceScoped.extend({ action: ActionInput, origin: ActionOrigin.default({ source: 'manual' }) }),
    response: ActionRow,
  },
  /** Change what an active action says (an action from a signed-off AAR keeps its wording). */
  'actions:update': { request: ActionRef.extend({ action: ActionInput }), response: ActionRow },
  /** Move an action along: verified needs someone other than the owner, won't fix a reason and an approver. */
  'actions:set-status': { request: ActionRef.extend({ change: StatusChange }), response: ActionRow },
});
