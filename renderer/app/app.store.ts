import { create } from 'zustand';

export type RouteParams = Record<string, string>;
export type Route = { id: string; params: RouteParams };

type Theme = 'light' | 'dark';

type AppState = {
  workspaceId: string | null;
  workspaceName: string;
  route: Route;
  theme: Theme;
  /** Bumped after any inventory change so open screens refetch. */
  revision: number;
  toast: { kind: 'info' | 'error'; text: string } | null;
  openWorkspace: (id: string, name: string) => void;
  closeWorkspace: () => void;
  navigate: (id: string, params?: RouteParams) => void;
  setTheme: (t: Theme) => void;
  bump: () => void;
  notify: (text: string, kind?: 'info' | 'error') => void;
};

const THEME = 'ar.theme';

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
  theme: initialTheme(),
  revision: 0,
  toast: null,
  openWorkspace: (id, name) => set({ workspaceId: id, workspaceName: name }),
  closeWorkspace: () => set({ workspaceId: null, workspaceName: '' }),
  navigate: (id, params = {}) => {
    const route = { id, params };
    if (window.location.hash !== routeToHash(route)) window.history.pushState(null, '', routeToHash(route));
    set({ route });
    if (get().toast?.kind === 'info') set({ toast: null });
  },
  setTheme: (theme) => {
    localStorage.setItem(THEME, theme);
    set({ theme });
  },
  bump: () => set((s) => ({ revision: s.revision + 1 })),
  notify: (text, kind = 'info') => set({ toast: { text, kind } }),
}));

window.addEventListener('popstate', () => useAppStore.setState({ route: hashToRoute(window.location.hash) }));
