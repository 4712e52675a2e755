import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Profile } from '../../core/history/contract';
import type { Actor } from '../store/mutate/index';

/**
 * The acting person's profile on the desktop and in browser mode: one small JSON file in the data
 * folder (it belongs to the person at this machine, not to a workspace). The team issue replaces
 * it with accounts; only this file and the context's `actor` change then.
 */
const fileOf = (dataDir: string): string => join(dataDir, 'profile.json');

export function readProfile(dataDir: string): Profile | null {
  const profileFile = fileOf(dataDir);
  if (!existsSync(profileFile)) return null;
  try {
    const parsed = Profile.safeParse(JSON.parse(readFileSync(profileFile, 'utf8')));
    return parsed.success ? parsed.data : null; // a hand-edited, invalid file: ask again rather than act as a garbled name
  } catch {
    return null;
  }
}

export function writeProfile(dataDir: string, profile: Profile): void {
  const file = fileOf(dataDir);
  writeFileSync(`${file}.tmp`, JSON.stringify(profile, null, 2));
  renameSync(`${file}.tmp`, file);
}

export const actorOfProfile = (p: Profile): Actor => ({
  name: p.name,
  ...(p.email ? { email: p.email } : {}),
  ...(p.role ? { role: p.role } : {}),
  source: 'profile',
});
