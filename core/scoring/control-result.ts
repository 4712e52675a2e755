/**
 * Decide the effective answer of one control for one agent: combine the person's answer, evidence
 * freshness, computed findings, accepted risks and open drill corrective actions.
 */
import type { Control } from '../checklist/schema';
import { ANSWER_POINTS, type AcceptedRisk, type Answer, type AnswerValue, type ControlResult, type Finding } from './types';
import { dayNumber } from './dates';

const LABEL: Record<AnswerValue, string> = { yes: 'yes', partial: 'partial', no: 'no', na: 'n/a' };
const pts = (v: AnswerValue): number | null => (v === 'na' ? null : ANSWER_POINTS[v]);

/** Notes that repeat across agents are built once and shared (they are plain strings, never mutated). */
const openNotes: string[] = [];
const openNote = (n: number): string =>
  n < 64
    ? (openNotes[n] ??= `${n} open finding${n > 1 ? 's' : ''} from the data: counted as no.`)
    : `${n} open findings from the data: counted as no.`;
const naNotes = new Map<string, string>();
const notApplicableNote = (reason: string): string => {
  let note = naNotes.get(reason);
  if (note === undefined) {
    note = `Not applicable: ${reason}`;
    if (naNotes.size < 1000) naNotes.set(reason, note);
  }
  return note;
};

/** Freshness decay: a "yes" needs evidence no older than the review period, or it counts as "partial". */
export function applyDecay(
  answer: Answer,
  control: Control,
  asOfDay: number,
): { value: AnswerValue; decayed: boolean; note: string | null } {
  if (answer.value !== 'yes') return { value: answer.value, decayed: false, note: null };
  let newest: string | null = null;
  for (const e of answer.evidence) if (newest === null || e.evidenceDate > newest) newest = e.evidenceDate;
  if (newest === null) return NO_EVIDENCE;
  const age = asOfDay - dayOf(newest);
  if (age > control.reviewPeriodDays) {
    return {
      value: 'partial',
      decayed: true,
      note: `Counted as partial: the newest evidence (${newest}) is ${age} days old, older than the ${control.reviewPeriodDays}-day review period.`,
    };
  }
  return FRESH;
}
const NO_EVIDENCE = Object.freeze({
  value: 'partial' as AnswerValue,
  decayed: true,
  note: 'Counted as partial: "yes" has no evidence attached.',
});
const FRESH = Object.freeze({ value: 'yes' as AnswerValue, decayed: false, note: null });
/** Day numbers of evidence dates, cached: a workspace has few distinct dates and many answers. */
const dayCache = new Map<string, number>();
const dayOf = (date: string): number => {
  let n = dayCache.get(date);
  if (n === undefined) {
    n = dayNumber(date);
    if (dayCache.size < 10_000) dayCache.set(date, n);
  }
  return n;
};

/** Mark findings accepted when a live (unexpired) documented risk covers them. */
export function applyAcceptance(findings: Finding[], risks: Map<string, AcceptedRisk>, asOf: string, notes: string[]): void {
  for (const f of findings) {
    const r = risks.get(f.key);
    if (!r) continue;
    if (r.expiresOn < asOf) {
      notes.push(`Risk acceptance by ${r.owner} expired on ${r.expiresOn}: "${f.message}" is open again.`);
      continue;
    }
    f.status = 'accepted';
    f.acceptance = r.approvedBy
      ? { owner: r.owner, reason: r.reason, expiresOn: r.expiresOn, approvedBy: r.approvedBy }
      : { owner: r.owner, reason: r.reason, expiresOn: r.expiresOn };
  }
}

/** What a control scored for one agent: the effective answer, where it came from, and whether decay lowered it. */
export type Decision = { effective: AnswerValue; source: ControlResult['source']; decayed: boolean };

/** What the engine knows about one control for one agent before deciding. */
export type ControlFacts = {
  control: Control;
  answer: Answer | undefined;
  /** The answer's value (null when unanswered), and whether an "n/a" carries a written reason. */
  value: AnswerValue | null;
  naReasonGiven: boolean;
  /** For a "yes": whether freshness decay applies, when already known (null: work it out from the evidence). */
  yesDecayed: boolean | null;
  /** Null for a manual control; otherwise whether its rule had something to check, and why not. */
  ruleApplies: boolean | null;
  notApplicableReason: string | undefined;
  /** Open and accepted findings (rule and drill), after risk acceptance. */
  open: number;
  accepted: number;
  asOfDay: number;
};

/**
 * Decide the effective answer of one control. `notes` receives the plain-language reasons; pass null
 * when only the numbers are needed (scoring every agent of a workspace builds no text). Writes into
 * and returns `out`, so scoring 280k controls allocates nothing here.
 */
export function decideControl(x: ControlFacts, notes: string[] | null, out: Decision): Decision {
  const { control, answer, value, open: openCount, accepted } = x;
  let effective: AnswerValue;
  let source: ControlResult['source'];
  let decayed = false;

  // The person's answer, after freshness decay. Its decay / n/a note explains the result when it is used.
  let manual: AnswerValue | null = null;
  let manualNote: string | null = null;
  if (value !== null) {
    if (value === 'na' && !x.naReasonGiven) {
      manual = 'no';
      manualNote = 'Counted as no: "n/a" needs a written reason.';
    } else if (value !== 'yes') {
      manual = value;
    } else if (x.yesDecayed !== null && notes === null) {
      manual = x.yesDecayed ? 'partial' : 'yes';
      decayed = x.yesDecayed;
    } else {
      const d = applyDecay(answer!, control, x.asOfDay);
      manual = d.value;
      decayed = d.decayed;
      manualNote = d.note;
    }
  }

  if (openCount > 0) {
    effective = 'no';
    source = 'computed';
    if (notes) {
      notes.push(openNote(openCount));
      if (value !== null && value !== 'no')
        notes.push(`The answer "${LABEL[value]}" cannot override a finding; fix it or accept it as a documented risk.`);
    }
  } else if (x.ruleApplies === true) {
    // Computed control with nothing open: the data says yes (or partial when a risk was accepted).
    effective = accepted > 0 ? 'partial' : 'yes';
    source = 'computed';
    if (notes)
      notes.push(
        accepted > 0
          ? `${accepted} finding${accepted > 1 ? 's' : ''} accepted as documented risk: counted as partial.`
          : 'The data shows no problem for this control.',
      );
    // Only an explicitly stricter answer (partial / no) lowers a clean computed result; a "yes"
    // without fresh evidence does not, because the data itself is the evidence here.
    const raw = value;
    if (raw === 'na') notes?.push('"n/a" does not apply: the rule found something to check for this agent.');
    else if (raw !== null && (pts(raw) ?? 2) < (pts(effective) ?? 2)) {
      effective = raw;
      source = 'answer';
      notes?.push(`Your stricter answer "${LABEL[raw]}" is used.`);
    }
  } else if (accepted > 0) {
    // Manual control re-opened by a drill corrective action that was accepted as a risk.
    effective = manual === null ? 'no' : (pts(manual) ?? 0) < 1 ? manual : 'partial';
    source = manual === null ? 'unanswered' : 'answer';
    if (notes) {
      if (manualNote) notes.push(manualNote);
      notes.push('A drill corrective action was accepted as documented risk: at most partial.');
    }
  } else if (manual !== null) {
    effective = manual;
    source = 'answer';
    if (manualNote) notes?.push(manualNote);
  } else if (x.ruleApplies === false) {
    effective = 'na';
    source = 'computed';
    notes?.push(notApplicableNote(x.notApplicableReason ?? 'nothing to check.'));
  } else {
    effective = 'no';
    source = 'unanswered';
    notes?.push('Not answered yet: counted as no.');
  }

  if (notes && effective === 'na' && value === 'na' && x.naReasonGiven) notes.push(`n/a: ${answer!.naReason.trim()}`);
  out.effective = effective;
  out.source = source;
  out.decayed = decayed && effective === 'partial' && source === 'answer';
  return out;
}

/** Combine everything known about one control into the scored result, with its notes and findings. */
export function resolveControl(x: ControlFacts, findings: Finding[], notes: string[]): ControlResult {
  const { control, answer } = x;
  const d = decideControl(x, notes, { effective: 'no', source: 'unanswered', decayed: false });
  // Who attested (issue 11): every answer a person gave is attributed wherever its notes are read (screen, report).
  if (answer) notes.push(attestationNote(answer));
  return {
    controlId: control.id,
    area: control.area,
    title: control.title,
    weight: control.weight,
    critical: control.critical,
    computed: Boolean(control.rule),
    answered: answer?.value ?? null,
    effective: d.effective,
    source: d.source,
    points: pts(d.effective),
    notes,
    decayed: d.decayed,
    findings,
  };
}

export const pointsOf = pts;

export const attestationNote = (a: Answer): string =>
  `Answered "${LABEL[a.value]}" by ${a.answeredBy || 'an unnamed person'} on ${a.answeredAt.slice(0, 10)}.`;
