import type { z } from 'zod';
import { inventoryChannels } from '../inventory/contract';
import { workspaceChannels } from '../workspace/contract';
import { drillsChannels } from '../drills/contract';
import { liveFireChannels } from '../drills/live-fire-contract';
import { facilitatorChannels } from '../drills/facilitator-contract';
import { actionsChannels } from '../actions/contract';
import { scoringChannels } from '../scoring/contract';
import { approvalChannels } from '../approvals/contract';
import { backupChannels } from '../transfer/backup-contract';
import { reportChannels, saveChannels, transferChannels } from '../transfer/contract';
import { exportFileChannels } from '../transfer/export-file-contract';
import { packChannels } from '../pack/contract';
import { discoveryChannels } from '../discovery/contract';
import { policyChannels } from '../policy/contract';
import { historyChannels } from '../history/contract';
import { activityChannels } from '../activity/contract';
import { teamAdminChannels } from '../team/contract';
import type { ChannelDef } from './channel';

/**
 * The whole back-end contract: every channel with its zod request and response schema.
 * Each feature defines its channels next to its model and adds one line here.
 */
export const contract = {
  ...workspaceChannels,
  ...inventoryChannels,
  ...drillsChannels,
  ...liveFireChannels,
  ...facilitatorChannels,
  ...actionsChannels,
  ...scoringChannels,
  ...approvalChannels,
  ...backupChannels,
  ...transferChannels,
  ...reportChannels,
  ...saveChannels,
  ...exportFileChannels,
  ...packChannels,
  ...discoveryChannels,
  ...policyChannels,
  ...historyChannels,
  ...activityChannels,
  ...teamAdminChannels,
};

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type Request<K extends Channel> = z.input<Contract[K]['request']>;
export type Response<K extends Channel> = z.output<Contract[K]['response']>;

export const CHANNELS = Object.keys(contract) as Channel[];
export const isChannel = (name: string): name is Channel => Object.prototype.hasOwnProperty.call(contract, name);
export const channelDef = (name: Channel): ChannelDef => contract[name];

/** The transport envelope every door uses. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: import('../common/errors').SerializedError };
