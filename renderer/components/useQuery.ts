import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/client';
import { useAppStore } from '../app/app.store';

export type Query<T> = { data: T | undefined; error: string | null; loading: boolean; reload: () => void };

/**
 * Runs an api call on mount, whenever `deps` change, and after any change elsewhere in the
 * workspace (the store's revision). Stale responses are ignored.
 */
export function useQuery<T>(fn: () => Promise<T>, deps: readonly unknown[]): Query<T> {
  const revision = useAppStore((s) => s.revision);
  const [state, setState] = useState<{ data: T | undefined; error: string | null; loading: boolean }>({
    data: undefined,
    error: null,
    loading: true,
  });
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  useEffect(() => {
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true }));
    fn().then(
      (data) => mine === seq.current && setState({ data, error: null, loading: false }),
      (err: unknown) => mine === seq.current && setState({ data: undefined, error: errorMessage(err), loading: false }),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps -- callers pass the real dependencies in `deps`
  }, [...deps, revision, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}
