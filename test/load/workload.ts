/**
 * What the simulated people do for the length of the run.
 *
 * Editors: read-modify-write. Read a record (through `agent:get`, as the agent page does), change
 * one field to a value no one else writes, and save it with the version read. A stale-version
 * refusal is a conflict (expected: twenty people on a few dozen records): read again and retry.
 * Every call goes to the other instance than the one before, so reads and writes cross instances.
 *
 * Drill runners: one facilitator per drill, logging notes from two devices at once (one through
 * each instance), a pause and a resume now and then, a clock tick about once a second, and
 * completing the drill at the end.
 *
 * Both keep what the server acknowledged; the checks compare it with the database afterwards.
 */
import type { TeamClient } from './client';
import { isStale } from './client';
import { WORKSPACE, type Target } from './seed';

/** An acknowledged save: the record, the version it was made from and the one it made, the value written and by whom. */
export type AckedEdit = { kind: Target['kind']; id: string; baseVersion: number; version: number; value: string; by: string };
export type AckedEvent = { drillId: string; seq: number; type: string; text: string | null };
export type EditorTally = { acked: AckedEdit[]; conflicts: number; gaveUp: number };

type Versioned = { id: string; version: number } & Record<string, unknown>;
type AgentPage = { agent: Versioned; grants: Versioned[] };

const ws = { workspaceId: WORKSPACE.id };
const RETRIES = 10;
/** Record fields the server sets itself; the rest is the entity's input. */
const STORED = ['id', 'version', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy'];
const inputOf = (r: Versioned): Record<string, unknown> => Object.fromEntries(Object.entries(r).filter(([k]) => !STORED.includes(k)));

/** Calls spread over the instances: each goes to the next one. */
export function rotation(origins: string[], start: number): () => string {
  let n = start;
  return () => origins[n++ % origins.length]!;
}

export async function runEditor(
  client: TeamClient,
  origins: string[],
  targets: Target[],
  until: number,
  seed: number,
): Promise<EditorTally> {
  const next = rotation(origins, seed);
  const tally: EditorTally = { acked: [], conflicts: 0, gaveUp: 0 };
  let random = seed * 7919 + 1;
  const pick = () => targets[(random = (random * 48271) % 2147483647) % targets.length]!;
  let edit = 0;
  while (performance.now() < until) {
    const target = pick();
    const value = `${client.name} edit ${++edit}`;
    let saved = false;
    let attempt = 0;
    for (; attempt < RETRIES && !saved && performance.now() < until; attempt++) {
      const read = await client.call<AgentPage>(next(), 'agent:get', { ...ws, id: target.agentId });
      if (!read.ok) continue;
      const current = target.kind === 'agent' ? read.value.agent : read.value.grants.find((g) => g.id === target.id);
      if (!current) continue;
      const reply =
        target.kind === 'agent'
          ? await client.call<Versioned>(next(), 'agent:update', {
              ...ws,
              id: target.id,
              agent: { ...inputOf(current), purpose: value },
              expectedVersion: current.version,
            })
          : await client.call<Versioned>(next(), 'grant:update', {
              ...ws,
              id: target.id,
              grant: { ...inputOf(current), justification: value },
              expectedVersion: current.version,
            });
      if (reply.ok) {
        tally.acked.push({
          kind: target.kind,
          id: target.id,
          baseVersion: current.version,
          version: reply.value.version,
          value,
          by: client.name,
        });
        saved = true;
      } else if (isStale(reply.error)) tally.conflicts++;
      else break; // an error: counted by the recorder; this edit is abandoned
    }
    if (!saved && attempt === RETRIES) tally.gaveUp++;
  }
  return tally;
}

type Appended = { event: { seq: number; type: string } };

export async function runDrill(client: TeamClient, origins: string[], drillId: string, until: number, seed: number): Promise<AckedEvent[]> {
  const next = rotation(origins, seed);
  const acked: AckedEvent[] = [];
  const append = async (event: Record<string, unknown>, text: string | null, origin = next()) => {
    const r = await client.call<Appended>(origin, 'drills:append', { ...ws, drillId, event });
    if (r.ok) acked.push({ drillId, seq: r.value.event.seq, type: r.value.event.type, text });
    return r.ok;
  };
  await append({ type: 'start' }, null);
  let n = 0;
  let ticked = performance.now();
  while (performance.now() < until) {
    n++;
    if (n % 25 === 0) {
      // A short pause and its resume, each through the next instance: the drill's status moves across instances too.
      if (await append({ type: 'pause', payload: { reason: `pause ${n}` } }, null)) await append({ type: 'resume' }, null);
      continue;
    }
    // Two devices log at the same moment, one through each instance: the server orders them (one seq each, no gap).
    await Promise.all(
      origins.map((origin, d) =>
        append({ type: 'note', payload: { text: `${client.name} note ${n}.${d}` } }, `${client.name} note ${n}.${d}`, origin),
      ),
    );
    // The runner's clock: about once a second it asks for due injects (and leaves a heartbeat), as the drill screen does.
    if (performance.now() - ticked >= 1000) {
      ticked = performance.now();
      await client.call(next(), 'drills:tick', { ...ws, drillId });
    }
  }
  const done = await client.call<{ state: { lastSeq: number } }>(next(), 'drills:complete', { ...ws, drillId, note: 'load test over' });
  if (done.ok) acked.push({ drillId, seq: done.value.state.lastSeq, type: 'complete', text: null });
  return acked;
}
