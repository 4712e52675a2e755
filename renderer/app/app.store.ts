import { create } from 'zustand';

export type RouteParams = Record<string, string>;
export type Route = { id: string; params: RouteParams };

type Theme = 'light' | 'dark';
export type HelpSection = 'guide' | 'shortcuts';

type AppState = {
  workspaceId: string | null;
  workspaceName: string;
  route: Route;
  /** The routes the user came through, oldest first (with their params), so Back returns where they came from. */
  trail: Route[];
  theme: Theme;
  /** Bumped after any inventory change so open screens refetch. */
  revision: number;
  toast: { kind: 'info' | 'error'; text: string } | null;
  /** The help dialog, open at the getting-started guide or the keyboard shortcuts (null: closed). */
  help: HelpSection | null;
  openHelp: (section: HelpSection) => void;
  closeHelp: () => void;
  openWorkspace: (id: string, name: string) => void;
  closeWorkspace: () => void;
  navigate: (id: string, params?: RouteParams) => void;
  /** Returns to the previous route with its params; with no history (a deep link), goes to `fallback`. */
  back: (fallback: Route) => void;
  setTheme: (t: Theme) => void;
  bump: () => void;
  notify: (text: string, kind?: 'info' | 'error') => void;
};

const THEME = 'ar.theme';
/** Enough for any real path through the app; older steps are forgotten so the list cannot grow without end. */
const TRAIL_LIMIT = 50;

export const sameRoute = (a: Route | undefined, b: Route): boolean => !!a && routeToHash(a) === routeToHash(b);

const routeToHash = (r: Route): string => {
  const q = new URLSearchParams(r.params).toString();
  return `#/${r.id}${q ? `?${q}` : ''}`;
};

/** Parses "#/agent?id=..." into a route; unknown shapes fall back to the dashboard. */
export const hashToRoute = (hash: string): Route => {
  const m = /^#\/([a-z0-9-]+)(?:\?(.*))?$/.exec(hash);
  if (!m?.[1]) return { id: 'dashboard', params: {} };
  return { id: m[1], params: Object.fromEntries(new URLSearchParams(m[2] ?? '')) };
};

const initialTheme = (): Theme => {
  const saved = localStorage.getItem(THEME);
  if (saved === 'light' || saved === 'dark') return saved;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
};

export const useAppStore = create<AppState>((set, get) => ({
  workspaceId: null,
  workspaceName: '',
  route: hashToRoute(window.location.hash),
  trail: [],
  theme: initialTheme(),
  revision: 0,
  toast: null,
  help: null,
  openHelp: (help) => set({ help }),
  closeHelp: () => set({ help: null }),
  openWorkspace: (id, name) => set({ workspaceId: id, workspaceName: name, trail: [] }),
  closeWorkspace: () => set({ workspaceId: null, workspaceName: '', trail: [] }),
  navigate: (id, params = {}) => {
    const route = { id, params };
    const { route: from, trail } = get();
    if (window.location.hash !== routeToHash(route)) window.history.pushState(null, '', routeToHash(route));
    set({ route, trail: sameRoute(from, route) ? trail : [...trail, from].slice(-TRAIL_LIMIT) });
    if (get().toast?.kind === 'info') set({ toast: null });
  },
  back: (fallback) => {
    const { trail } = get();
    const to = trail[trail.length - 1] ?? fallback;
    // A new history entry rather than history.back(): the browser's own Back then returns to the screen just left, as after any link.
    if (window.location.hash !== routeToHash(to)) window.history.pushState(null, '', routeToHash(to));
    set({ route: to, trail: trail.slice(0, -1) });
    if (get().toast?.kind === 'info') set({ toast: null });
  },
  setTheme: (theme) => {
    localStorage.setItem(THEME, theme);
    set({ theme });
  },
  bump: () => set((s) => ({ revision: s.revision + 1 })),
  notify: (text, kind = 'info') => set({ toast: { text, kind } }),
}));

// The browser's Back/Forward (or a typed hash): stepping back to the last route on the trail consumes it; anything else adds to it.
window.addEventListener('popstate', () => {
  const route = hashToRoute(window.location.hash);
  const { route: from, trail } = useAppStore.getState();
  if (sameRoute(from, route)) return;
  const backwards = sameRoute(trail[trail.length - 1], route);
  useAppStore.setState({ route, trail: backwards ? trail.slice(0, -1) : [...trail, from].slice(-TRAIL_LIMIT) });
});
