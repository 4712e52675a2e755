import { lazy, Suspense, useEffect, useState } from 'react';
import { api, errorMessage, onMenuCommand } from '../api/client';
import { WorkspacePicker } from '../features/workspaces/WorkspacePicker';
import { HelpPanel } from '../features/help/HelpPanel';
import { useAppStore } from './app.store';
import { navRoutesFor, routesFor } from './routes';
import { preloadScreens } from './screens';
import { preloadCharts } from '../components/lazyChart';
import { startupRequests } from './startup';
import { UserText } from '../components/UserText';
import { HistoryIndicator } from '../features/history/HistoryIndicator';
import { ProfileButton } from '../features/history/ProfileButton';
import { useLiveChanges } from './useLiveChanges';
import { SignIn } from '../features/team/SignIn';
import { TeamBar } from '../features/team/TeamBar';
import { followDesktopConnection } from '../features/team/desktop-connection';
import { useTeam } from '../features/team/team';

/** The offer to resume an interrupted drill: its code (and the drill model it formats with) loads beside the first screen. */
const ResumeOffer = lazy(() => import('../features/drills/ResumeOffer').then((m) => ({ default: m.ResumeOffer })));

/** Reopens the last workspace; if that fails, shows the picker with the reason (the file is never touched). */
function useStartup(): { ready: boolean; notice: string | null } {
  const [state, setState] = useState<{ ready: boolean; notice: string | null }>({ ready: false, notice: null });
  useEffect(() => {
    startupRequests().then(
      (ws) => {
        if (ws) useAppStore.getState().openWorkspace(ws.id, ws.name);
        setState({ ready: true, notice: null });
      },
      (err: unknown) => {
        useAppStore.getState().closeWorkspace();
        setState({ ready: true, notice: `Your last workspace could not be opened: ${errorMessage(err)}` });
      },
    );
  }, []);
  return state;
}

export function App() {
  const { ready, notice } = useStartup();
  const workspaceId = useAppStore((s) => s.workspaceId);
  const theme = useAppStore((s) => s.theme);
  const help = useAppStore((s) => s.help);
  const team = useTeam();
  const { openHelp, closeHelp } = useAppStore.getState();
  useLiveChanges(workspaceId);
  // Desktop: follow the team server connection from the start (a kept session may sign in after the window opened).
  useEffect(followDesktopConnection, []);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  useEffect(() => {
    if (!ready) return;
    document.getElementById('root')?.setAttribute('data-app-state', 'ready');
    // Charts and the inventory are separate chunks: fetch them once the first screen is up (the dashboard starts sooner).
    const t = setTimeout(() => {
      preloadCharts();
      preloadScreens();
    }, 1000);
    return () => clearTimeout(t);
  }, [ready]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLElement && /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName);
      if (e.key === 'F1' || (e.key === '?' && !typing)) {
        e.preventDefault();
        openHelp('shortcuts');
      } else if (e.altKey && /^[1-9]$/.test(e.key)) {
        const target = navRoutesFor(useTeam.getState())[Number(e.key) - 1];
        if (target && useAppStore.getState().workspaceId) {
          e.preventDefault();
          useAppStore.getState().navigate(target.id);
        }
      } else if (e.key === '/' && !typing) {
        const search = document.querySelector<HTMLInputElement>('input[type="search"]');
        if (search) {
          e.preventDefault();
          search.focus();
        }
      }
    };
    window.addEventListener('keydown', onKey);
    const unsubscribe = onMenuCommand((command) => {
      if (command === 'show-shortcuts') openHelp('shortcuts');
      else {
        useAppStore.getState().closeWorkspace(); // the picker creates and opens workspaces
        void api.call('workspace:forgetLast', {});
      }
    });
    return () => {
      window.removeEventListener('keydown', onKey);
      unsubscribe();
    };
  }, [openHelp]);

  if (!ready) return <p className="loading">Loading…</p>;
  if (team.team && !team.account) return <SignIn />;
  return (
    <>
      {workspaceId ? <Shell onHelp={() => openHelp('guide')} /> : <WorkspacePicker notice={notice} />}
      {help && <HelpPanel section={help} onClose={closeHelp} />}
      <Toast />
    </>
  );
}

function Shell({ onHelp }: { onHelp: () => void }) {
  const { route, workspaceName, navigate, closeWorkspace, theme, setTheme } = useAppStore();
  const teamState = useTeam();
  const team = teamState.team;
  const available = routesFor(teamState);
  const current = available.find((r) => r.id === route.id) ?? available[0];
  const activeNav = current?.nav ? current.id : route.id === 'agent' ? 'inventory' : undefined;
  return (
    <div className="shell">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Agent Readiness</span>
        <span className="workspace-name" title="Current workspace">
          <UserText text={workspaceName} />
        </span>
        <div className="topbar-actions">
          <HistoryIndicator />
          {team ? <TeamBar /> : <ProfileButton />}
          <button
            type="button"
            onClick={() => {
              closeWorkspace();
              if (!team) void api.call('workspace:forgetLast', {}); // a team server remembers nothing per person
            }}
          >
            Switch workspace
          </button>
          <button type="button" aria-pressed={theme === 'dark'} onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}>
            {theme === 'dark' ? 'Light theme' : 'Dark theme'}
          </button>
          <button type="button" onClick={onHelp} aria-keyshortcuts="?">
            Help
          </button>
        </div>
      </header>
      <nav className="sidenav" aria-label="Main">
        <ul>
          {navRoutesFor(teamState).map((r, i) => (
            <li key={r.id}>
              <a
                href={`#/${r.id}`}
                aria-current={activeNav === r.id ? 'page' : undefined}
                aria-keyshortcuts={`Alt+${i + 1}`}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(r.id);
                }}
              >
                {r.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        {route.id !== 'drills' && route.id !== 'drill-play' && (
          <Suspense fallback={null}>
            <ResumeOffer />
          </Suspense>
        )}
        <Suspense fallback={<p aria-busy="true">Loading…</p>}>{current?.render(route.params)}</Suspense>
      </main>
    </div>
  );
}

function Toast() {
  const toast = useAppStore((s) => s.toast);
  return (
    <div className="toast-region" aria-live="polite">
      {toast && (
        <div className={`toast toast-${toast.kind}`} role={toast.kind === 'error' ? 'alert' : 'status'}>
          {toast.text}
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => useAppStore.setState({ toast: null })}>
            ×
          </button>
        </div>
      )}
    </div>
  );
}
