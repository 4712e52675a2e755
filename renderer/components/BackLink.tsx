import { useAppStore, type Route } from '../app/app.store';
import { routeLabel } from '../app/route-labels';

/**
 * "← Agent readiness": returns to the screen the user came from, with its params (filters, tabs,
 * the agent open), and says which one. Opened from a deep link with no history, it goes to `fallback`.
 */
export function BackLink({ fallback, className = 'link-button' }: { fallback: Route; className?: string }) {
  const previous = useAppStore((s) => s.trail[s.trail.length - 1]);
  const back = useAppStore((s) => s.back);
  const to = previous ?? fallback;
  return (
    <button type="button" className={className} onClick={() => back(fallback)}>
      ← {routeLabel(to)}
    </button>
  );
}
