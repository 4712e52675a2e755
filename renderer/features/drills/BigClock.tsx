import { useEffect, useState } from 'react';
import { formatT } from './format';
import type { ClockAnchor } from './useDrillSession';

/** The large elapsed-time clock: scenario time (T+), interpolated between server polls. */
export function BigClock({ anchor }: { anchor: ClockAnchor | null }) {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (!anchor?.running) return;
    const id = window.setInterval(() => setNow(performance.now()), 200);
    return () => window.clearInterval(id);
  }, [anchor]);
  if (!anchor) return <div className="big-clock">T+00:00</div>;
  const measured = anchor.measuredMs + (anchor.running ? Math.max(0, now - anchor.at) : 0);
  const t = formatT(measured * anchor.scale);
  return (
    <div className="clock-meta">
      <div className="big-clock" role="timer" aria-live="off" aria-label={`Scenario time ${t}`} data-testid="drill-clock">
        {t}
      </div>
      {anchor.scale !== 1 && (
        <span className="muted">
          {anchor.scale}× · real time {formatT(measured).slice(2)}
        </span>
      )}
    </div>
  );
}
