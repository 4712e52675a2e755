import type { DrillEvent } from '../../../core/drills/events';
import type { DrillView } from '../../../core/drills/model';
import { FormDialog } from '../../components/FormDialog';
import { describeEvent, eventScenarioMs, formatT } from './format';

export type CorrectionRequest = {
  supersedesSeq: number;
  kind: 'retime' | 'retract';
  correctedScenarioMs: number | null;
  reason: string;
  facilitator: string;
};

/** "T+05:30", "5:30" or "1:05:30" -> scenario-clock ms; null when it is not a time. */
export function parseT(text: string): number | null {
  const m = /^\s*(?:T\+)?(?:(\d+):)?(\d{1,3}):(\d{2})\s*$/i.exec(text);
  if (!m) return null;
  const [h, min, s] = [Number(m[1] ?? 0), Number(m[2]), Number(m[3])];
  if (s > 59) return null;
  return ((h * 60 + min) * 60 + s) * 1000;
}

type Props = {
  view: DrillView;
  entry: DrillEvent;
  correct: (req: CorrectionRequest) => Promise<void>;
  onClose: () => void;
};

/**
 * "Correct…" on a log entry or checkpoint: a corrected time or a retraction, with a reason and the
 * facilitator's name. The entry stays in the record; the correction is appended after it.
 */
export function CorrectionDialog({ view, entry, correct, onClose }: Props) {
  const facilitators = view.drill.participants.filter((p) => p.role === 'facilitator');
  const d = describeEvent(entry, view);
  return (
    <FormDialog
      title={`Correct entry ${entry.seq} (${d.kind}, ${formatT(eventScenarioMs(view, entry.monotonicMs))})`}
      fields={[
        {
          name: 'kind',
          label: 'Correction',
          kind: 'select',
          options: [
            { value: 'retime', label: 'It happened at another time' },
            { value: 'retract', label: 'Retract it: it did not happen' },
          ],
        },
        {
          name: 'correctedScenarioMs',
          label: 'Corrected time (scenario clock)',
          kind: 'text',
          hint: 'T+mm:ss, e.g. T+07:30; not needed to retract',
        },
        { name: 'reason', label: 'Reason', kind: 'textarea', required: true, maxLength: 1000 },
        {
          name: 'facilitator',
          label: 'Facilitator',
          kind: 'select',
          required: true,
          options: facilitators.map((p) => ({ value: p.name, label: p.name })),
        },
      ]}
      initial={{
        kind: 'retime',
        correctedScenarioMs: formatT(eventScenarioMs(view, entry.monotonicMs)),
        reason: '',
        facilitator: facilitators[0]?.name ?? '',
      }}
      submitLabel="Record correction"
      onSubmit={async (v) => {
        const kind = v.kind === 'retract' ? 'retract' : 'retime';
        const ms = kind === 'retime' ? parseT(String(v.correctedScenarioMs ?? '')) : null;
        if (kind === 'retime' && ms === null) throw new Error('Give the corrected time as T+mm:ss (for example T+07:30).');
        await correct({
          supersedesSeq: entry.seq,
          kind,
          correctedScenarioMs: ms,
          reason: String(v.reason ?? ''),
          facilitator: String(v.facilitator ?? ''),
        });
      }}
      onClose={onClose}
    />
  );
}
