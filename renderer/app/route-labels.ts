/**
 * The name of every screen, for the side navigation (app/routes.tsx) and for Back links, which say
 * where they return to. Kept apart from routes.tsx so a shared component can name a screen without
 * importing every screen.
 */
export const ROUTE_LABELS = {
  dashboard: 'Dashboard',
  inventory: 'Inventory',
  matrix: 'Permission matrix',
  agent: 'Agent',
  assessments: 'Assessments',
  'readiness-agent': 'Agent readiness',
  drills: 'Drills',
  'drill-history': 'Drill history',
  actions: 'Corrective actions',
  'drill-setup': 'Drill setup',
  'drill-run': 'Drill',
  'drill-play': 'Drill (player view)',
  reports: 'Reports',
  import: 'Import',
  discover: 'Discover',
  activity: 'Activity',
  backups: 'Backups',
  'drill-aar': 'After-action review',
  history: 'History',
  team: 'Team',
} as const satisfies Record<string, string>;

export type RouteId = keyof typeof ROUTE_LABELS;

/** "Assessment" for the detail of one assessment, otherwise the screen's name. */
export function routeLabel(route: { id: string; params: Record<string, string> }): string {
  if (route.id === 'assessments' && route.params.id) return 'Assessment';
  return (ROUTE_LABELS as Record<string, string>)[route.id] ?? 'Back';
}
