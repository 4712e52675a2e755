import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { Checklist } from '../../../core/checklist/schema';
import { controlContent, splitCarryOver, type ControlHashes } from '../../../core/scoring/carry-over';
import { readAnswers } from './answers';

const cache = new WeakMap<Database, Map<string, ControlHashes>>();

/**
 * SHA-256 of each control's question, rule and weight, per stored version of one checklist id.
 * Stored checklist versions never change (a version can be loaded once), so the hashes are kept per
 * connection.
 */
export function controlHashesOf(db: Database, checklistId: string): (version: string) => ControlHashes | undefined {
  let perDb = cache.get(db);
  if (!perDb) cache.set(db, (perDb = new Map()));
  const known = perDb;
  return (version) => {
    const key = `${checklistId}\u0000${version}`;
    const hit = known.get(key);
    if (hit) return hit;
    const row = db.prepare('SELECT body FROM checklists WHERE id = ? AND version = ?').get(checklistId, version) as
      { body: string } | undefined;
    if (!row) return undefined;
    const cl = JSON.parse(row.body) as Checklist;
    const hashes = new Map(cl.controls.map((c) => [c.id, createHash('sha256').update(controlContent(c)).digest('hex')]));
    known.set(key, hashes);
    return hashes;
  };
}

/** The stored answers split into those that speak for `checklist` and those that need re-attestation. */
export function readAnswersFor(db: Database, checklist: Checklist, agentId?: string): ReturnType<typeof splitCarryOver> {
  return splitCarryOver(readAnswers(db, agentId), checklist, controlHashesOf(db, checklist.id));
}
