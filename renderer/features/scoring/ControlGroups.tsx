import { useState, type ReactNode } from 'react';
import type { Control } from '../../../core/checklist/schema';
import type { AreaScore, ControlResult } from '../../../core/scoring/types';
import { AREA_LABELS } from './common';

/** Which controls to list: all, or only those that need attention. */
export type ControlFilter = 'all' | 'unanswered' | 'stale' | 'open';

const FILTER_LABELS: Record<ControlFilter, string> = {
  all: 'All controls',
  unanswered: 'Unanswered',
  stale: 'Stale evidence',
  open: 'With open findings',
};

/** A control "needs attention" under each filter. Stale: a yes whose evidence is older than the review period (counted down). */
const MATCHES: Record<ControlFilter, (r: ControlResult | undefined) => boolean> = {
  all: () => true,
  unanswered: (r) => !r || r.answered === null,
  stale: (r) => !!r?.decayed,
  open: (r) => !!r?.findings.some((f) => f.status === 'open'),
};

type Props = {
  controls: readonly Control[];
  results: ReadonlyMap<string, ControlResult>;
  areas: readonly AreaScore[];
  renderControl: (c: Control) => ReactNode;
};

/**
 * The checklist grouped by area, each area collapsed with its progress (answered / total, stale,
 * open findings, score), so 28 controls fit on one screen instead of a 12,000-pixel page. The
 * filter lists only unanswered, stale or failing controls and opens the areas that have them.
 */
export function ControlGroups({ controls, results, areas, renderControl }: Props) {
  const [filter, setFilter] = useState<ControlFilter>('all');
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const order = [...new Set(controls.map((c) => c.area))];
  const byArea = order.map((area) => {
    const all = controls.filter((c) => c.area === area);
    const rs = all.map((c) => results.get(c.id));
    return {
      area,
      all,
      shown: all.filter((c) => MATCHES[filter](results.get(c.id))),
      answered: rs.filter((r) => r && r.answered !== null).length,
      stale: rs.filter((r) => r?.decayed).length,
      open: rs.filter((r) => MATCHES.open(r)).length,
      score: areas.find((a) => a.area === area)?.score ?? null,
    };
  });
  const matching = byArea.reduce((n, g) => n + g.shown.length, 0);
  const choose = (f: ControlFilter) => {
    setFilter(f);
    // A filter is a question ("what is left to answer?"): show its answers without another click per area.
    setOpen(f === 'all' ? new Set() : new Set(byArea.filter((g) => g.all.some((c) => MATCHES[f](results.get(c.id)))).map((g) => g.area)));
  };

  return (
    <section aria-labelledby="controls-title">
      <h2 id="controls-title">Controls by area</h2>
      <fieldset className="area-nav">
        <legend className="sr-only">Show</legend>
        {(Object.keys(FILTER_LABELS) as ControlFilter[]).map((f) => {
          const n = f === 'all' ? controls.length : controls.filter((c) => MATCHES[f](results.get(c.id))).length;
          return (
            <button key={f} type="button" aria-pressed={filter === f} onClick={() => choose(f)}>
              {FILTER_LABELS[f]} ({n})
            </button>
          );
        })}
      </fieldset>
      {matching === 0 && <p role="status">No control matches this filter.</p>}
      {byArea
        .filter((g) => g.shown.length > 0)
        .map((g) => (
          <details
            key={g.area}
            className="area-group"
            open={open.has(g.area)}
            data-testid={`area-${g.area}`}
            onToggle={(e) => {
              const isOpen = e.currentTarget.open;
              setOpen((s) => {
                if (isOpen === s.has(g.area)) return s;
                const next = new Set(s);
                if (isOpen) next.add(g.area);
                else next.delete(g.area);
                return next;
              });
            }}
          >
            <summary>
              <span className="area-title">{AREA_LABELS[g.area] ?? g.area}</span>
              <span className="area-progress">
                {g.answered} / {g.all.length} answered
                {g.stale > 0 && ` · ${g.stale} stale`}
                {g.open > 0 && ` · ${g.open} with open findings`}
                {` · ${g.score === null ? 'n/a' : `${g.score}/100`}`}
                {filter !== 'all' && ` · showing ${g.shown.length}`}
              </span>
            </summary>
            {open.has(g.area) && g.shown.map((c) => renderControl(c))}
          </details>
        ))}
    </section>
  );
}
