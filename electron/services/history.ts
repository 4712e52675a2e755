import { userInfo } from 'node:os';
import type { historyChannels } from '../../core/history/contract';
import { historyDataset } from '../../core/history/dataset';
import { exportFileName } from '../../core/transfer/filename';
import { allHistory, historyFacets, listHistory, verifyHistory } from '../store/history/index';
import { recordChange } from '../store/mutate/index';
import { mutate } from './context';
import type { Handlers } from './handler-types';
import { actorOfProfile, readProfile, writeProfile } from './profile';
import { datasetsToXlsx, datasetToCsv } from './transfer-write';

const osUserName = (): string => {
  try {
    return userInfo().username || '';
  } catch {
    return '';
  }
};

export const historyHandlers: Handlers<typeof historyChannels> = {
  'profile:get': (ctx) => {
    const a = ctx.actor;
    return {
      profile: readProfile(ctx.workspaces.dataDir),
      suggestedName: osUserName(),
      actor: { name: a.name, email: a.email ?? null, role: a.role ?? null, source: a.source },
    };
  },
  'profile:set': (ctx, { workspaceId, profile }) => {
    const before = readProfile(ctx.workspaces.dataDir);
    const previousActor = ctx.actor;
    writeProfile(ctx.workspaces.dataDir, profile);
    ctx.actor = actorOfProfile(profile);
    // Recorded by the new actor, with the old profile as "before": who took over the keyboard is itself history.
    if (workspaceId)
      mutate(ctx, workspaceId, 'profile:set', (tx) => {
        tx.reason = previousActor.source === 'profile' ? null : `first profile (was ${previousActor.name}, ${previousActor.source})`;
        recordChange(tx, { entity: 'profile', id: 'acting-profile', action: before ? 'update' : 'create', before, after: profile });
      });
    return profile;
  },
  'history:verify': (ctx, { workspaceId }) => verifyHistory(ctx.workspace(workspaceId).db),
  'history:list': (ctx, { workspaceId, filter, offset, limit }) => {
    const db = ctx.workspace(workspaceId).db;
    return { ...listHistory(db, filter, { offset, limit }), ...historyFacets(db) };
  },
  'history:export': async (ctx, { workspaceId, filter, format }) => {
    const ws = ctx.workspace(workspaceId);
    const entries = allHistory(ws.db, filter);
    const base = `${ws.name} history ${ctx.now().toISOString().slice(0, 10)}`;
    if (format === 'json') {
      const verification = verifyHistory(ws.db);
      const body = {
        format: 'agent-readiness-history',
        exportedAt: ctx.now().toISOString(),
        workspace: ws.name,
        filter,
        verification,
        entries,
      };
      return {
        fileName: exportFileName(base, 'json'),
        mime: 'application/json',
        contentBase64: Buffer.from(JSON.stringify(body, null, 2)).toString('base64'),
      };
    }
    const set = historyDataset(entries);
    if (format === 'csv')
      return {
        fileName: exportFileName(base, 'csv'),
        mime: 'text/csv; charset=utf-8',
        contentBase64: datasetToCsv(set).toString('base64'),
      };
    return {
      fileName: exportFileName(base, 'xlsx'),
      mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      contentBase64: (await datasetsToXlsx([set])).toString('base64'),
    };
  },
};
