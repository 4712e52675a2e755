import { knownCredential, type AttributionIndex } from './attribution';
import type { ActivityEvent } from './model';

const part = (value: string | undefined): string => (value === undefined ? '\u0002' : value);

/**
 * What attribution reads of an event, as one string: events with the same key get the same attribution, so an
 * import attributes each distinct actor once. An assumed-role ARN's session name (`…/assumed-role/Role/run-42`) is
 * left out when the record also names the role and no grant's identity could match that session (no exact or suffix
 * ARN ends with it): sessions change per run, the principal does not. `reduced` is then the full ARN, and an
 * attribution whose reason quotes it is not shared (its text names one session).
 */
export function actorKey(event: ActivityEvent, index: AttributionIndex): { key: string; reduced: string | null } {
  const a = event.actor;
  let principal = a.principalArn;
  let reduced: string | null = null;
  if (principal !== undefined && a.roleArn !== undefined) {
    const at = principal.indexOf(':assumed-role/');
    const cut = principal.lastIndexOf('/');
    if (at !== -1 && cut > at + 14 && !index.arnTails.has(principal.slice(cut + 1))) {
      reduced = principal;
      principal = principal.slice(0, cut + 1);
    }
  }
  // A fingerprint no grant's credential has cannot match (and no reason names it): it is left out as well.
  const credential =
    a.credentialFingerprint !== undefined && knownCredential(index, a.credentialFingerprint) ? a.credentialFingerprint : '-';
  const key = `${credential}\u0001${part(a.roleArn)}\u0001${part(principal)}\u0001${part(a.serviceAccount)}\u0001${part(a.username)}\u0001${part(a.dbRole)}\u0001${part(a.agentName)}\u0001${part(a.application)}\u0001${part(a.sessionId)}`;
  return { key, reduced };
}
