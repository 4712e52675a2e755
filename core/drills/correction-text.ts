/** How a correction reads, the same on the drill log, the AAR, the reports and the exports. */
import { CHECKPOINT_LABELS, type Checkpoint, type CorrectableType } from './events';
import { formatT } from './machine';
import { ROLE_LABELS, type DrillRole } from './scenario';

export type CorrectionFacts = {
  supersedesSeq: number;
  entryType: CorrectableType;
  checkpoint: Checkpoint | null;
  kind: 'retime' | 'retract';
  correctedScenarioMs: number | null;
  reason: string;
  by: { name: string; role: string | null };
};

const ENTRY_LABELS: Record<CorrectableType, string> = { note: 'note', decision: 'decision', checkpoint: 'checkpoint' };

/** "entry 12 (Detected)" */
export const correctedEntry = (c: Pick<CorrectionFacts, 'supersedesSeq' | 'entryType' | 'checkpoint'>): string =>
  `entry ${c.supersedesSeq} (${c.checkpoint ? CHECKPOINT_LABELS[c.checkpoint] : ENTRY_LABELS[c.entryType]})`;

/** "Ana (Facilitator)" */
export const authorText = (by: { name: string; role: string | null } | null): string => {
  if (!by) return 'not recorded';
  const role = by.role ? (ROLE_LABELS[by.role as DrillRole] ?? by.role) : 'not a participant';
  return `${by.name} (${role})`;
};

/** "Entry 12 (Detected) retimed to T+05:00 by Ana (Facilitator): clicked too early" */
export function describeCorrection(c: CorrectionFacts): string {
  const what = c.kind === 'retract' ? 'retracted' : `retimed to ${formatT(c.correctedScenarioMs ?? 0)}`;
  const entry = correctedEntry(c);
  return `${entry.charAt(0).toUpperCase()}${entry.slice(1)} ${what} by ${authorText(c.by)}: ${c.reason}`;
}
