import type { Contract } from '../../core/contract/index';
import type { Handlers } from './handler-types';
import { inventoryHandlers } from './inventory';
import { workspaceHandlers } from './workspace';
import { drillsHandlers } from './drills';
import { scoringHandlers } from './scoring';
import { backupHandlers } from './backup';
import { reportHandlers } from './report';
import { transferHandlers } from './transfer';
import { saveHandlers } from './export-save';
import { activityHandlers } from './activity-handlers';

/** The one handler table behind every door. Each feature adds one line. */
export const handlers: Handlers<Contract> = {
  ...workspaceHandlers,
  ...inventoryHandlers,
  ...drillsHandlers,
  ...scoringHandlers,
  ...backupHandlers,
  ...transferHandlers,
  ...reportHandlers,
  ...saveHandlers,
  ...activityHandlers,
};
