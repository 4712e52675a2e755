import type { Migration } from './types';

/**
 * The history's entity index leaves drill events out (issue 11, performance). A drill event's entry
 * is looked up through its drill (entity_id LIKE 'drill:%', which no index serves) or by scanning
 * newest first; only records edited in forms are looked up by entity and id (stale-save checks,
 * record panels). Indexing every drill event dirtied one to two more pages per fsynced append
 * (P3). Queries that want the index name the same condition (`INDEXED_ENTITIES` in history).
 */
export const migration: Migration = {
  version: 13,
  name: 'history-index',
  up: (db) =>
    db.exec(`
      DROP INDEX history_by_entity;
      CREATE INDEX history_by_entity ON history(entity, entity_id, seq) WHERE entity <> 'drill-event';
    `),
};
