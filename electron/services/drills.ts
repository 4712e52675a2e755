import { AppError, fieldError } from '../../core/common/errors';
import type { drillsChannels } from '../../core/drills/contract';
import type { ScenarioListItem } from '../../core/drills/model';
import { formatScenarioIssue, parseScenarioYaml } from '../../core/drills/parse';
import { allDecisions, type Scenario } from '../../core/drills/scenario';
import { renderScenario, templateValues } from '../../core/drills/template';
import { newId } from '../store/ids';
import { readInventory } from '../store/inventory/snapshot';
import { closeCorrectiveAction, saveAar, signOffAar } from '../store/drills/aar';
import { drillHistory } from '../store/drills/queries';
import { deleteSetupDrill, insertDrill, listDrills, listEvents, lastEvent } from '../store/drills/records';
import {
  customScenarioExists,
  customScenarios,
  findScenario,
  isLoaded,
  removeCustomScenario,
  saveCustomScenario,
  shippedScenarios,
  type BrokenScenario,
  type LoadedScenario,
} from '../store/drills/scenarios';
import {
  appendDrillEvent,
  drillParticipants,
  drillView,
  hasAnchor,
  justWritten,
  loadDrill,
  releaseDueInjects,
  resumeDrill,
} from './drills-session';
import { mutate } from './context';
import { endSession } from './live-fire-registry';
import { correctEntry, withAuthor } from './drills-corrections';
import type { Handlers } from './handler-types';

const EMPTY_INVENTORY = { workflows: [], agents: [], systems: [], environments: [], grants: [] };
const capitalise = (t: string): string => t.charAt(0).toUpperCase() + t.slice(1);

function listItem(s: LoadedScenario | BrokenScenario): ScenarioListItem {
  if (!isLoaded(s)) {
    return {
      id: s.id,
      title: s.title,
      summary: '',
      origin: s.origin,
      basedOn: { incident: '', kind: 'incident', source: 'https://invalid.example', alsoSee: [] },
      durationMinutes: 0,
      injectCount: 0,
      decisionCount: 0,
      controls: [],
      problem: s.problem,
    };
  }
  // Titles and summaries read naturally without a target: placeholders use their fallbacks.
  const sc = renderScenario(s.scenario, templateValues(EMPTY_INVENTORY, [])).scenario;
  return {
    id: sc.id,
    title: capitalise(sc.title),
    summary: capitalise(sc.summary),
    origin: s.origin,
    basedOn: sc.basedOn,
    durationMinutes: sc.durationMinutes,
    injectCount: sc.injects.length,
    decisionCount: allDecisions(sc).length,
    controls: sc.controls,
    problem: null,
  };
}

function loadScenario(db: import('better-sqlite3').Database, id: string): LoadedScenario {
  const s = findScenario(db, id);
  if (!s) throw new AppError('NOT_FOUND', `No scenario "${id}".`);
  if (!isLoaded(s)) throw new AppError('REFUSED', `The scenario file "${id}" is invalid: ${s.problem}`);
  return s;
}

export const drillsHandlers: Handlers<typeof drillsChannels> = {
  'drills:scenarios': (ctx, { workspaceId }) => {
    const db = ctx.workspace(workspaceId).db;
    const custom = customScenarios(db);
    const customIds = new Set(custom.map((s) => (isLoaded(s) ? s.scenario.id : s.id)));
    const shipped = shippedScenarios().filter((s) => !customIds.has(isLoaded(s) ? s.scenario.id : s.id));
    return [...shipped, ...custom].map(listItem);
  },

  'drills:scenario': (ctx, { workspaceId, scenarioId, agentIds }) => {
    const db = ctx.workspace(workspaceId).db;
    const s = loadScenario(db, scenarioId);
    const r = renderScenario(s.scenario, templateValues(readInventory(db), agentIds, s.scenario.systemKinds));
    return { scenario: r.scenario, raw: s.scenario, fallbacks: r.fallbacks, origin: s.origin };
  },

  'drills:import-scenario': (ctx, { workspaceId, yaml, replace }) => {
    const db = ctx.workspace(workspaceId).db;
    const r = parseScenarioYaml(yaml);
    if (!r.ok) {
      const lines = r.issues.map(formatScenarioIssue);
      throw new AppError('VALIDATION', `The scenario file has ${r.issues.length} problem${r.issues.length > 1 ? 's' : ''}. ${lines[0]}`, {
        issues: r.issues.map((i) => ({ path: i.field || 'yaml', message: formatScenarioIssue(i) })),
      });
    }
    const sc: Scenario = r.scenario;
    if (shippedScenarios().some((s) => isLoaded(s) && s.scenario.id === sc.id)) {
      throw fieldError('id', `A built-in scenario already uses the id "${sc.id}". Give your scenario another id.`);
    }
    if (customScenarioExists(db, sc.id) && !replace) {
      throw new AppError('CONFLICT', `A scenario with the id "${sc.id}" was already imported. Import again with "replace" to update it.`, {
        details: { scenarioId: sc.id },
      });
    }
    mutate(ctx, workspaceId, 'drills:import-scenario', (tx) => saveCustomScenario(tx, sc, yaml, tx.now.toISOString()));
    return listItem({ scenario: sc, origin: 'custom', yaml });
  },

  'drills:remove-scenario': (ctx, { workspaceId, scenarioId }) => {
    if (!mutate(ctx, workspaceId, 'drills:remove-scenario', (tx) => removeCustomScenario(tx, scenarioId))) {
      const shipped = shippedScenarios().some((s) => isLoaded(s) && s.scenario.id === scenarioId);
      throw new AppError(
        shipped ? 'REFUSED' : 'NOT_FOUND',
        shipped ? 'Built-in scenarios cannot be removed.' : `No imported scenario "${scenarioId}".`,
      );
    }
    return { removed: true as const };
  },

  'drills:create': (ctx, { workspaceId, scenarioId, agentIds, participants, timeScale }) => {
    const ws = ctx.workspace(workspaceId);
    const s = loadScenario(ws.db, scenarioId);
    const inv = readInventory(ws.db);
    const agents = agentIds.map((id, i) => {
      const a = inv.agents.find((x) => x.id === id);
      if (!a) throw fieldError(`agentIds.${i}`, 'This agent is not in the inventory.');
      return { id: a.id, name: a.name };
    });
    if (new Set(agentIds).size !== agentIds.length) throw fieldError('agentIds', 'Each agent only once.');
    if (!participants.some((p) => p.role === 'facilitator'))
      throw fieldError('participants', 'Name a facilitator: someone must run the clock and the injects.');
    const rendered = renderScenario(s.scenario, templateValues(inv, agentIds, s.scenario.systemKinds));
    const id = newId();
    const createdAt = ctx.now().toISOString();
    const drill = {
      id,
      scenario: rendered.scenario,
      scenarioOrigin: s.origin,
      fallbacks: rendered.fallbacks,
      timeScale,
      agents,
      participants,
      createdAt,
    };
    mutate(ctx, workspaceId, 'drills:create', (tx) => insertDrill(tx, drill));
    return drillView(ctx, ws, id);
  },

  'drills:get': (ctx, { workspaceId, drillId }) => drillView(ctx, ctx.workspace(workspaceId), drillId),

  'drills:events': (ctx, { workspaceId, drillId, afterSeq, limit }) => {
    const ws = ctx.workspace(workspaceId);
    loadDrill(ctx, ws, drillId); // NOT_FOUND for an unknown drill
    const events = listEvents(ws.db, drillId, afterSeq, limit);
    return { events, lastSeq: lastEvent(ws.db, drillId)?.seq ?? 0 };
  },

  'drills:append': (ctx, { workspaceId, drillId, event }) => {
    const ws = ctx.workspace(workspaceId);
    // The author's role comes from the participants, which never change: no read of the drill's head first.
    const e = appendDrillEvent(
      ctx,
      ws,
      drillId,
      withAuthor(ctx, () => drillParticipants(ctx, ws, drillId), event),
    );
    // T+0 injects appear the moment the drill starts (and after a resume), not at the next tick.
    if (event.type === 'start' || event.type === 'resume') releaseDueInjects(ctx, ws, drillId);
    return { event: e, view: drillView(ctx, ws, drillId, justWritten(ctx, ws, drillId)) };
  },

  'drills:tick': (ctx, { workspaceId, drillId }) => {
    const ws = ctx.workspace(workspaceId);
    releaseDueInjects(ctx, ws, drillId);
    return drillView(ctx, ws, drillId);
  },

  'drills:resume-offer': (ctx, { workspaceId }) => {
    const ws = ctx.workspace(workspaceId);
    return listDrills(ws.db, { statuses: ['running', 'paused'] })
      .filter((d) => !hasAnchor(ctx, ws, d.summary.id))
      .map((d) => d.summary);
  },

  'drills:resume': (ctx, { workspaceId, drillId }) => {
    const ws = ctx.workspace(workspaceId);
    resumeDrill(ctx, ws, drillId);
    return drillView(ctx, ws, drillId);
  },

  'drills:complete': async (ctx, { workspaceId, drillId, note }) => {
    const ws = ctx.workspace(workspaceId);
    appendDrillEvent(ctx, ws, drillId, { type: 'complete', payload: { note } });
    await endSession(ctx, ws, drillId); // a live-fire sandbox ends with its drill (its verified results stay)
    return drillView(ctx, ws, drillId);
  },

  'drills:discard': (ctx, { workspaceId, drillId }) => {
    mutate(ctx, workspaceId, 'drills:discard', (tx) => deleteSetupDrill(tx, drillId));
    return { deleted: true as const };
  },

  'drills:correct': (ctx, { workspaceId, drillId, ...req }) => {
    const ws = ctx.workspace(workspaceId);
    const event = correctEntry(ctx, ws, drillId, req);
    return { event, view: drillView(ctx, ws, drillId, justWritten(ctx, ws, drillId)) };
  },

  'drills:aar-save': (ctx, { workspaceId, drillId, aar }) => {
    const ws = ctx.workspace(workspaceId);
    const { rec } = loadDrill(ctx, ws, drillId);
    const agentIds = new Set(rec.summary.agents.map((a) => a.id));
    aar.correctiveActions.forEach((a, i) => {
      if (a.agentId !== null && !agentIds.has(a.agentId))
        throw fieldError(`aar.correctiveActions.${i}.agentId`, 'Choose one of the agents this drill targeted, or all of them.');
    });
    return mutate(ctx, workspaceId, 'drills:aar-save', (tx) => saveAar(tx, drillId, aar, tx.now.toISOString()));
  },

  'drills:aar-signoff': (ctx, { workspaceId, drillId, signedOffBy }) =>
    mutate(ctx, workspaceId, 'drills:aar-signoff', (tx) => signOffAar(tx, drillId, signedOffBy, tx.now.toISOString())),

  'drills:action-close': (ctx, { workspaceId, actionId, closedBy, note }) =>
    mutate(ctx, workspaceId, 'drills:action-close', (tx) => closeCorrectiveAction(tx, actionId, closedBy, note, tx.now.toISOString())),

  'drills:history': (ctx, { workspaceId, scenarioId, agentId }) => drillHistory(ctx.workspace(workspaceId).db, { scenarioId, agentId }),
};
