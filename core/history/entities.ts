/**
 * The entity name each workspace table's rows are recorded under in the change history, and the
 * label people read. A table not listed here (a later feature's) is still recorded, under its
 * table name: every write is captured, listing it only makes it read better.
 */
export const ENTITY_OF_TABLE: Readonly<Record<string, string>> = {
  meta: 'workspace-setting',
  workflows: 'workflow',
  agents: 'agent',
  agent_workflows: 'agent-workflow',
  systems: 'system',
  environments: 'environment',
  grants: 'grant',
  checklists: 'checklist',
  scoring_settings: 'scoring-setting',
  answers: 'answer',
  evidence: 'evidence',
  accepted_risks: 'accepted-risk',
  assessments: 'assessment',
  drill_scenarios: 'scenario',
  drills: 'drill',
  drill_agents: 'drill-agent',
  drill_participants: 'drill-participant',
  drill_events: 'drill-event',
  drill_aars: 'aar',
  drill_corrective_actions: 'corrective-action',
  corrective_actions: 'corrective-action',
  profile: 'profile',
};

export const ENTITY_LABELS: Readonly<Record<string, string>> = {
  'workspace-setting': 'Workspace setting',
  workflow: 'Workflow',
  agent: 'Agent',
  'agent-workflow': 'Agent workflow link',
  system: 'System',
  environment: 'Environment',
  grant: 'Grant',
  checklist: 'Checklist',
  'scoring-setting': 'Scoring setting',
  answer: 'Answer',
  evidence: 'Evidence',
  'accepted-risk': 'Accepted risk',
  assessment: 'Assessment',
  scenario: 'Scenario',
  drill: 'Drill',
  'drill-agent': 'Drill target',
  'drill-participant': 'Drill participant',
  'drill-event': 'Drill event',
  aar: 'After-action review',
  'corrective-action': 'Corrective action',
  profile: 'Acting profile',
  'retained-file': 'Retained evidence file',
};

export const entityOfTable = (table: string): string => ENTITY_OF_TABLE[table] ?? table;
export const entityLabel = (entity: string): string => ENTITY_LABELS[entity] ?? entity;
