/** The corrective-action row (table `corrective_actions`, migration 009) and its mapping to the tracker model. */
import type { ActionSource, ActionStatus, ActionPriority, TrackedAction } from '../../../core/actions/model';

export type ActionDbRow = {
  id: string;
  source: ActionSource;
  drill_id: string | null;
  assessment_id: string | null;
  finding_key: string | null;
  position: number;
  title: string;
  description: string;
  owner: string;
  due_date: string;
  priority: ActionPriority;
  control_ids_json: string;
  agent_ids_json: string;
  status: ActionStatus;
  done_at: string | null;
  done_by: string | null;
  closing_note: string;
  verified_at: string | null;
  verified_by: string | null;
  wont_fix_reason: string;
  wont_fix_approver: string | null;
  wont_fix_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
};

export const toTracked = (r: ActionDbRow): TrackedAction => ({
  id: r.id,
  source: r.source,
  drillId: r.drill_id,
  assessmentId: r.assessment_id,
  findingKey: r.finding_key,
  title: r.title,
  description: r.description,
  owner: r.owner,
  dueDate: r.due_date,
  priority: r.priority,
  controlIds: JSON.parse(r.control_ids_json) as string[],
  agentIds: JSON.parse(r.agent_ids_json) as string[],
  status: r.status,
  doneAt: r.done_at,
  doneBy: r.done_by,
  closingNote: r.closing_note,
  verifiedAt: r.verified_at,
  verifiedBy: r.verified_by,
  wontFixReason: r.wont_fix_reason,
  wontFixApprover: r.wont_fix_approver,
  wontFixAt: r.wont_fix_at,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
