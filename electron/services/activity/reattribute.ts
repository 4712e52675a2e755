/**
 * Re-attribution of unknown actors (issue 13 §2): events whose actor matched no agent are kept; once the inventory
 * gains the credential, role or service account that explains them, `activity:reattribute` attributes them, checks
 * them against the grants as they are now, and records it (each updated event row is a change-history entry of this
 * channel, with the reason). Each distinct unknown actor is tried once; its events are then rewritten a page at a
 * time, one transaction per page. The findings, the summary and the score read the rows, so they follow.
 */
import {
  analyseActivity,
  attributeEvent,
  buildAttributionIndex,
  defaultEnvironmentOf,
  type ActivityEvent,
  type AnalysedEvent,
  type EnvironmentOf,
} from '../../../core/activity/index';
import { addSourceAgentCounts } from '../../store/activity/approvals';
import { actorOf, attributeEvents, eventOfRow, unknownActors, unknownEventsOf } from '../../store/activity/reattribute';
import { fingerprintKey } from '../../store/activity/write';
import { readInventory } from '../../store/inventory/snapshot';
import { mutate, type ServiceContext } from '../context';
import { makeFingerprinter, newFingerprintKey } from '../discovery-fingerprint';

const PAGE = 10_000;
export const REATTRIBUTED = 're-attributed: the inventory now explains this actor';

export type ReattributeResult = { actors: number; attributed: number; events: number };

export function reattributeUnknown(ctx: ServiceContext, workspaceId: string, channel: string): ReattributeResult {
  const db = ctx.workspace(workspaceId).db;
  const inventory = readInventory(db);
  const fingerprint = makeFingerprinter(mutate(ctx, workspaceId, channel, (tx) => fingerprintKey(tx, newFingerprintKey)));
  const index = buildAttributionIndex(inventory, fingerprint);
  const actors = unknownActors(db);
  const result: ReattributeResult = { actors: actors.length, attributed: 0, events: 0 };
  for (const actor of actors) {
    // Attribution reads only the actor: one probe per distinct actor decides for all its events.
    const probe = { actor: actorOf(actor.actor_ref, actor.actor_hint) } as ActivityEvent;
    if (attributeEvent(probe, index).agentId === null) continue;
    result.attributed++;
    for (let after = 0; ;) {
      const rows = unknownEventsOf(db, actor, after, PAGE);
      if (rows.length === 0) break;
      after = rows[rows.length - 1]?.seq ?? after;
      // The environment a record named stays; one the import could not place comes from the matched grant now.
      const hinted = new Map(rows.filter((r) => r.environment_hinted === 1).map((r) => [String(r.seq), r.environment_id]));
      const environmentOf: EnvironmentOf = (event, inv, attribution) =>
        hinted.has(event.id)
          ? { environmentId: hinted.get(event.id) ?? null, systemId: null, basis: 'hint', why: 'the environment the record named' }
          : defaultEnvironmentOf(event, inv, attribution);
      const analysed = analyseActivity(rows.map(eventOfRow), inventory, { fingerprint, environmentOf });
      const bySource = new Map<string, AnalysedEvent[]>();
      for (const a of analysed) {
        const list = bySource.get(a.event.source.file);
        if (list === undefined) bySource.set(a.event.source.file, [a]);
        else list.push(a);
      }
      mutate(ctx, workspaceId, channel, (tx) => {
        tx.reason = REATTRIBUTED;
        attributeEvents(tx, analysed, (a) => `${a.attribution.why} (${REATTRIBUTED})`);
        // The file is now LOG evidence for the agent too (source, period, event count).
        for (const [sourceId, list] of bySource) {
          const times = list
            .map((a) => a.event.time)
            .filter((t): t is string => t !== null)
            .sort();
          const agentId = list[0]?.attribution.agentId;
          if (agentId)
            addSourceAgentCounts(
              tx,
              sourceId,
              new Map([[agentId, { events: list.length, first: times[0] ?? null, last: times.at(-1) ?? null }]]),
            );
        }
      });
      result.events += rows.length;
    }
  }
  return result;
}
