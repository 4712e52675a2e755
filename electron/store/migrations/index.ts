import type { Migration } from './types';
import { migration as m001 } from './001-inventory';

/** Every schema step in order. Append only. */
export const MIGRATIONS: readonly Migration[] = [
  m001,
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
