import type { ReactNode } from 'react';
import type { RouteParams } from './app.store';
import { InventoryScreen } from '../features/inventory/InventoryScreen';
import { AgentDetail } from '../features/inventory/AgentDetail';
import { MatrixScreen } from '../features/inventory/MatrixScreen';
import { ReadinessDashboard } from '../features/scoring/ReadinessDashboard';
import { AgentReadiness } from '../features/scoring/AgentReadiness';
import { AssessmentsScreen } from '../features/scoring/AssessmentsScreen';
import { DrillsScreen } from '../features/drills/DrillsScreen';
import { DrillSetup } from '../features/drills/DrillSetup';
import { DrillRunner } from '../features/drills/DrillRunner';
import { AarScreen } from '../features/drills/AarScreen';
import { DrillHistory } from '../features/drills/DrillHistory';
import { ReportsScreen } from '../features/reports/ReportsScreen';
import { ImportScreen } from '../features/import/ImportScreen';
import { BackupScreen } from '../features/backup/BackupScreen';

export type RouteDef = {
  id: string;
  label: string;
  /** Shown in the side navigation (in this order) and reachable with Alt+number. */
  nav: boolean;
  render: (params: RouteParams) => ReactNode;
};

/** Every screen of a workspace. Each feature registers its screens here with one entry. */
export const routes: RouteDef[] = [
  { id: 'dashboard', label: 'Dashboard', nav: true, render: () => <ReadinessDashboard /> },
  { id: 'inventory', label: 'Inventory', nav: true, render: (p) => <InventoryScreen tab={p.tab} /> },
  { id: 'matrix', label: 'Permission matrix', nav: true, render: (p) => <MatrixScreen environmentId={p.env} /> },
  { id: 'agent', label: 'Agent', nav: false, render: (p) => <AgentDetail id={p.id ?? ''} /> },
  { id: 'assessments', label: 'Assessments', nav: true, render: (p) => <AssessmentsScreen id={p.id} /> },
  { id: 'readiness-agent', label: 'Agent readiness', nav: false, render: (p) => <AgentReadiness id={p.id ?? ''} /> },
  { id: 'drills', label: 'Drills', nav: true, render: () => <DrillsScreen /> },
  { id: 'drill-history', label: 'Drill history', nav: true, render: () => <DrillHistory /> },
  { id: 'drill-setup', label: 'Drill setup', nav: false, render: (p) => <DrillSetup scenarioId={p.scenario ?? ''} /> },
  { id: 'drill-run', label: 'Drill', nav: false, render: (p) => <DrillRunner id={p.id ?? ''} /> },
  { id: 'reports', label: 'Reports', nav: true, render: () => <ReportsScreen /> },
  { id: 'import', label: 'Import', nav: true, render: () => <ImportScreen /> },
  { id: 'backups', label: 'Backups', nav: true, render: () => <BackupScreen /> },
  { id: 'drill-aar', label: 'After-action review', nav: false, render: (p) => <AarScreen id={p.id ?? ''} /> },
];
