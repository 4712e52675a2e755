import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeFingerprinter } from '../../../electron/services/discovery-fingerprint';

export const FIXTURES = join(import.meta.dirname, '../../fixtures/discovery');
export const fixtureText = (rel: string): string => readFileSync(join(FIXTURES, rel), 'utf8');

/** Every fixture file, and the secrets planted in it (each must appear in the file, and nowhere after parsing). */
export const PLANTED = JSON.parse(fixtureText('planted-secrets.json')) as Record<string, string[]>;
export const FIXTURE_FILES = Object.keys(PLANTED);

/** The real Node fingerprinter, with a fixed test key so fingerprints are comparable across tests. */
export const fp = makeFingerprinter(Buffer.alloc(32, 7));
