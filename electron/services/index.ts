import type { Contract } from '../../core/contract/index';
import type { Handlers } from './handler-types';
import { inventoryHandlers } from './inventory';
import { workspaceHandlers } from './workspace';
import { drillsHandlers } from './drills';
import { liveFireHandlers } from './live-fire-handlers';
import { facilitatorHandlers } from './facilitator';
import { actionsHandlers } from './actions';
import { scoringHandlers } from './scoring';
import { approvalHandlers } from './approvals';
import { backupHandlers } from './backup';
import { reportHandlers } from './report';
import { transferHandlers } from './transfer';
import { saveHandlers } from './export-save';
import { exportFileHandlers } from './export-file';
import { packHandlers } from './pack/index';
import { discoveryHandlers } from './discovery-handlers';
import { policyHandlers } from './policy-handlers';
import { historyHandlers } from './history';
import { activityHandlers } from './activity-handlers';
import { teamAdminHandlers } from './team/admin-handlers';

/** The one handler table behind every door. Each feature adds one line. */
export const handlers: Handlers<Contract> = {
  ...workspaceHandlers,
  ...inventoryHandlers,
  ...drillsHandlers,
  ...liveFireHandlers,
  ...facilitatorHandlers,
  ...actionsHandlers,
  ...scoringHandlers,
  ...approvalHandlers,
  ...backupHandlers,
  ...transferHandlers,
  ...reportHandlers,
  ...saveHandlers,
  ...exportFileHandlers,
  ...packHandlers,
  ...discoveryHandlers,
  ...policyHandlers,
  ...historyHandlers,
  ...activityHandlers,
  ...teamAdminHandlers,
};
