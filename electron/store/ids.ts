import { randomUUID } from 'node:crypto';

/** New record id: a random UUID (fits core's Id schema). */
export const newId = (): string => randomUUID();

/** Case- and space-insensitive key used to refuse duplicate names within a workspace. */
export const nameKey = (name: string): string => name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
