import { randomUUID } from 'node:crypto';

/** New record id: a random UUID (fits core's Id schema). */
export const newId = (): string => randomUUID();

/** The unique-name key lives in core so the import planner and the store share one rule. */
export { nameKey } from '../../core/inventory/name-key';
