import type { Migration } from './types';

/** The inventory tables whose records are edited in forms, and so can be edited by two people at once. */
export const VERSIONED_TABLES = ['workflows', 'systems', 'environments', 'agents', 'grants'] as const;

/**
 * Every inventory record carries a version, raised by one on each update. A save names the version
 * it was read at; a save against an older one is refused ("changed by X at T") instead of silently
 * overwriting someone else's change (issue 14, no lost updates). Existing records start at 1.
 */
export const migration: Migration = {
  version: 11,
  name: 'record-versions',
  up: (db) => {
    for (const t of VERSIONED_TABLES) db.exec(`ALTER TABLE ${t} ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)`);
  },
};
