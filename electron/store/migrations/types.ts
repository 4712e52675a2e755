import type { Database } from 'better-sqlite3';

/** One schema step. `version` equals its position in the list (1-based); never edit one that has shipped. */
export type Migration = {
  version: number;
  name: string;
  up: (db: Database) => void;
};
