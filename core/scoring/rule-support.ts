/**
 * Small helpers the computed rules share, and the cached name lists that shared-credential
 * messages quote.
 */
import { agentName, type CredentialInfo, type DataIndex } from './data-index';

export const list = (xs: readonly string[]): string => xs.join(', ');

/** Not-applicable reasons that depend only on a rule's params, built once per params object. */
const reasonCache = new WeakMap<object, string>();
export const reasonFor = (p: object, build: () => string): string => {
  let r = reasonCache.get(p);
  if (r === undefined) reasonCache.set(p, (r = build()));
  return r;
};

/** The other environments' names for a shared credential, as shown in the message (cached per credential and environment). */
export const otherEnvNames = (ix: DataIndex, cred: CredentialInfo, envId: string, envName: string | undefined): string => {
  const byEnv = cred.othersByEnv ?? (cred.othersByEnv = new Map());
  let s = byEnv.get(envId);
  if (s === undefined) {
    const envs = cred.envSet ?? [cred.firstEnv];
    const names = cred.sortedEnvNames ?? (cred.sortedEnvNames = [...envs].map((id) => ix.environments.get(id)?.name ?? id).sort());
    s = list(names.filter((n) => n !== envName));
    byEnv.set(envId, s);
  }
  return s;
};

/** Up to three other users' names, in the set's order, without walking the whole set. */
export const otherUserNames = (ix: DataIndex, cred: CredentialInfo, agentId: string): string => {
  const first = cred.firstUsers ?? (cred.firstUsers = cred.userSet ? firstOf(cred.userSet, 4) : [cred.firstUser]);
  const i = first.indexOf(agentId);
  if (i < 0 || i >= 3) {
    // The agent is not among the first three: the names are always the same.
    return cred.firstThreeNames ?? (cred.firstThreeNames = list(first.slice(0, 3).map((id) => agentName(ix, id))));
  }
  const names: string[] = [];
  for (const id of first) {
    if (id === agentId) continue;
    names.push(agentName(ix, id));
    if (names.length === 3) break;
  }
  return list(names);
};

const firstOf = (set: Set<string>, n: number): string[] => {
  const out: string[] = [];
  for (const x of set) {
    out.push(x);
    if (out.length === n) break;
  }
  return out;
};

/** Days from a date to "today" of the run (negative when the date is in the future). */
const ageInDays = (ix: DataIndex, date: string): number =>
  ix.asOfDay - Math.floor(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / 86_400_000);
export const withinPeriod = (ix: DataIndex, date: string, days: number): boolean => {
  const age = ageInDays(ix, date);
  return age >= 0 && age <= days;
};
export const latest = <T extends { exercisedOn: string }>(xs: T[]): T | undefined =>
  xs.reduce<T | undefined>((a, b) => (!a || b.exercisedOn > a.exercisedOn ? b : a), undefined);
