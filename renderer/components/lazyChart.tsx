import { Component, lazy, Suspense, type ComponentType, type ReactNode } from 'react';

/** A chart whose code failed to load (e.g. an update replaced the files) says so instead of taking the screen down. */
class ChartBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? (
      <p className="muted small">The chart could not be loaded; its numbers are in the table beside it.</p>
    ) : (
      this.props.children
    );
  }
}

/**
 * Charts load on first use: recharts and its dependencies are about 40% of the renderer's code,
 * and no screen needs them before its data is on screen (issue 6: time to interactive at 10k agents).
 */
const loaders: Array<() => Promise<unknown>> = [];

/**
 * Fetches every chart's code once the app is idle after start-up (called by App), so a chart
 * shown later never waits for it, and still shows if the app's files are replaced meanwhile.
 */
export function preloadCharts(): void {
  for (const load of loaders) void load().catch(() => undefined);
}

export function lazyChart<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  loaders.push(load);
  const Lazy = lazy(async () => ({ default: await load() }));
  const Chart = (props: P) => (
    <ChartBoundary>
      <Suspense
        fallback={
          <p className="muted small" aria-busy="true">
            Loading chart…
          </p>
        }
      >
        <Lazy {...props} />
      </Suspense>
    </ChartBoundary>
  );
  return Chart;
}
