/**
 * Which stored answers speak for the checklist in force (issue 11, section 5).
 *
 * An answer was given to one control of one checklist version. It carries over to another version
 * of the same checklist only when that control's question, rule and weight are unchanged (their
 * content hashes match); otherwise the control needs re-attestation and the old answer is shown
 * for reference only. Answers never cross checklist ids.
 */
import type { Checklist, Control } from '../checklist/schema';
import type { Answer } from './types';

/** A stored answer with the checklist it was given to. */
export type StoredAnswer = Answer & { checklistId: string; checklistVersion: string };

/** An answer kept for reference because its control changed since. */
export type Reattestation = { previous: StoredAnswer; reason: string };

const canonical = (v: unknown): string => {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v ?? null);
};

/** The text a control's content hash is taken of: its question, rule (id and params) and weight. */
export const controlContent = (c: Pick<Control, 'question' | 'rule' | 'weight'>): string =>
  canonical({ question: c.question.trim(), rule: c.rule ?? null, weight: c.weight });

/** Content hashes of one checklist version's controls, by control id (`hash` is the store's SHA-256). */
export type ControlHashes = ReadonlyMap<string, string>;

export function splitCarryOver(
  answers: readonly StoredAnswer[],
  active: Checklist,
  /** Content hashes per version of the active checklist id (the active version included). */
  hashesOf: (version: string) => ControlHashes | undefined,
): { inForce: StoredAnswer[]; reattest: Reattestation[] } {
  const current = hashesOf(active.version);
  const inForce: StoredAnswer[] = [];
  const reattest: Reattestation[] = [];
  for (const a of answers) {
    if (a.checklistId !== active.id) continue;
    if (a.checklistVersion === active.version) {
      inForce.push(a);
      continue;
    }
    const now = current?.get(a.controlId);
    if (now === undefined) continue; // the control left the checklist
    const then = hashesOf(a.checklistVersion)?.get(a.controlId);
    if (then !== undefined && then === now) inForce.push(a);
    else
      reattest.push({
        previous: a,
        reason:
          then === undefined
            ? `Answered for version ${a.checklistVersion}, which is not loaded here; answer again for version ${active.version}.`
            : `The question, rule or weight changed in version ${active.version}; answer again (the answer for ${a.checklistVersion} is shown for reference).`,
      });
  }
  return { inForce, reattest };
}
