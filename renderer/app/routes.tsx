import { lazy, type ReactNode } from 'react';
import type { RouteParams } from './app.store';
import { ROUTE_LABELS, type RouteId } from './route-labels';
import { ReadinessDashboard } from '../features/scoring/ReadinessDashboard';
import { AgentDetail, InventoryScreen, MatrixScreen } from './screens';
import { isTeamAdmin, mayUse, type TeamState } from '../features/team/team';

/** Screens other than the first one load on first use, so the dashboard starts with a smaller bundle (see ./screens). */
const AgentReadiness = lazy(() => import('../features/scoring/AgentReadiness').then((m) => ({ default: m.AgentReadiness })));
const AssessmentsScreen = lazy(() => import('../features/scoring/AssessmentsScreen').then((m) => ({ default: m.AssessmentsScreen })));
const DrillsScreen = lazy(() => import('../features/drills/DrillsScreen').then((m) => ({ default: m.DrillsScreen })));
const DrillSetup = lazy(() => import('../features/drills/DrillSetup').then((m) => ({ default: m.DrillSetup })));
const DrillPlayer = lazy(() => import('../features/drills/DrillPlayer').then((m) => ({ default: m.DrillPlayer })));
const DrillRunner = lazy(() => import('../features/drills/DrillRunner').then((m) => ({ default: m.DrillRunner })));
const AarScreen = lazy(() => import('../features/drills/AarScreen').then((m) => ({ default: m.AarScreen })));
const DrillHistory = lazy(() => import('../features/drills/DrillHistory').then((m) => ({ default: m.DrillHistory })));
const ActionsScreen = lazy(() => import('../features/actions/ActionsScreen').then((m) => ({ default: m.ActionsScreen })));
const ReportsScreen = lazy(() => import('../features/reports/ReportsScreen').then((m) => ({ default: m.ReportsScreen })));
const ImportScreen = lazy(() => import('../features/import/ImportScreen').then((m) => ({ default: m.ImportScreen })));
const DiscoverScreen = lazy(() => import('../features/discovery/DiscoverScreen').then((m) => ({ default: m.DiscoverScreen })));
const HistoryScreen = lazy(() => import('../features/history/HistoryScreen').then((m) => ({ default: m.HistoryScreen })));
const ActivityScreen = lazy(() => import('../features/activity/ActivityScreen').then((m) => ({ default: m.ActivityScreen })));
const BackupScreen = lazy(() => import('../features/backup/BackupScreen').then((m) => ({ default: m.BackupScreen })));
const TeamScreen = lazy(() => import('../features/team/TeamScreen').then((m) => ({ default: m.TeamScreen })));

export type RouteDef = {
  id: RouteId;
  label: string;
  /** Shown in the side navigation (in this order) and reachable with Alt+number. */
  nav: boolean;
  render: (params: RouteParams) => ReactNode;
  /** Team mode (issue 14): whether the screen exists for this server and account (default: always)... */
  available?: (team: TeamState) => boolean;
  /** ...and whether its navigation entry is shown (default: when it is available). */
  navFor?: (team: TeamState) => boolean;
};

/** Every screen of a workspace. Each feature registers its screens here with one entry. */
export const routes: RouteDef[] = [
  { id: 'dashboard', label: ROUTE_LABELS['dashboard'], nav: true, render: () => <ReadinessDashboard /> },
  { id: 'inventory', label: ROUTE_LABELS['inventory'], nav: true, render: (p) => <InventoryScreen tab={p.tab} /> },
  { id: 'matrix', label: ROUTE_LABELS['matrix'], nav: true, render: (p) => <MatrixScreen environmentId={p.env} /> },
  { id: 'agent', label: ROUTE_LABELS['agent'], nav: false, render: (p) => <AgentDetail id={p.id ?? ''} /> },
  { id: 'assessments', label: ROUTE_LABELS['assessments'], nav: true, render: (p) => <AssessmentsScreen id={p.id} /> },
  { id: 'readiness-agent', label: ROUTE_LABELS['readiness-agent'], nav: false, render: (p) => <AgentReadiness id={p.id ?? ''} /> },
  { id: 'drills', label: ROUTE_LABELS['drills'], nav: true, render: () => <DrillsScreen /> },
  { id: 'drill-history', label: ROUTE_LABELS['drill-history'], nav: true, render: () => <DrillHistory /> },
  { id: 'drill-setup', label: ROUTE_LABELS['drill-setup'], nav: false, render: (p) => <DrillSetup scenarioId={p.scenario ?? ''} /> },
  { id: 'drill-run', label: ROUTE_LABELS['drill-run'], nav: false, render: (p) => <DrillRunner id={p.id ?? ''} /> },
  { id: 'drill-play', label: ROUTE_LABELS['drill-play'], nav: false, render: (p) => <DrillPlayer id={p.id ?? ''} /> },
  { id: 'reports', label: ROUTE_LABELS['reports'], nav: true, render: () => <ReportsScreen /> },
  { id: 'import', label: ROUTE_LABELS['import'], nav: true, render: () => <ImportScreen />, navFor: (t) => mayUse(t, 'import:preview') },
  { id: 'discover', label: ROUTE_LABELS['discover'], nav: true, render: () => <DiscoverScreen /> },
  { id: 'backups', label: ROUTE_LABELS['backups'], nav: true, render: () => <BackupScreen />, navFor: (t) => mayUse(t, 'backup:list') },
  { id: 'actions', label: ROUTE_LABELS['actions'], nav: true, render: (p) => <ActionsScreen id={p.id} /> },
  { id: 'history', label: ROUTE_LABELS['history'], nav: true, render: (p) => <HistoryScreen entity={p.entity} id={p.id} /> },
  { id: 'activity', label: ROUTE_LABELS['activity'], nav: true, render: () => <ActivityScreen /> },
  { id: 'drill-aar', label: ROUTE_LABELS['drill-aar'], nav: false, render: (p) => <AarScreen id={p.id ?? ''} /> },
  { id: 'team', label: ROUTE_LABELS['team'], nav: true, render: () => <TeamScreen />, available: (t) => t.team, navFor: isTeamAdmin },
];

/** The screens that exist for this team state (desktop and loopback: all but the team server's own). */
export const routesFor = (team: TeamState): RouteDef[] => routes.filter((r) => r.available?.(team) ?? true);
/** The side navigation, in order (Alt+number follows it). */
export const navRoutesFor = (team: TeamState): RouteDef[] => routesFor(team).filter((r) => r.nav && (r.navFor?.(team) ?? true));
