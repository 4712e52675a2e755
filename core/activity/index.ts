/**
 * Activity evidence from real logs (issue 13): parsers per format, the normalised event,
 * attribution to inventory agents, environment, grant checks, per-agent summaries and findings.
 * Pure: the Node reader (electron/services/activity) cuts files into records and feeds a parser.
 */
export * from './model';
export { detectActivityFormat, type Detected } from './detect';
export { createParser } from './parsers/index';
export { redact, keptTarget, MAX_KEPT_TEXT } from './redact';
export {
  classifyCloudTrail,
  classifyCommand,
  classifyGitHub,
  classifyKubernetes,
  classifySql,
  classifyTool,
  type Classified,
} from './classify';
export { attributeEvent, buildAttributionIndex, slug, type Attribution, type AttributionIndex, type AttributionVia } from './attribution';
export { defaultEnvironmentOf, type EnvironmentOf, type EnvironmentResolution } from './environment';
export { analyseActivity, type AnalyseOptions, type AnalysedEvent, type GrantCheck } from './analyse';
export { humanApproved, isProductionDestructive, summariseByAgent, type AgentActivitySummary, type OutsideGrant } from './summary';
export { ACTIVITY_RULES, RULE_CONTROLS, activityFindings, type ActivityFinding, type ActivityRule, type FindingOptions } from './findings';
export { parseAll } from './parse-all';
export { mergeDuplicates } from './merge';
export {
  appApprovalOf,
  inForce,
  matchAppApproval,
  rowsWithAppApprovals,
  targetMatches,
  withAppApprovals,
  type AppApproval,
  type MatchableEvent,
} from './app-approvals';
export {
  LOG_EVIDENCE_CONTROLS,
  LOG_EVIDENCE_PREFIX,
  isLogEvidenceId,
  logEvidenceRecords,
  type LogEvidenceRecord,
  type LogSourceRow,
} from './log-evidence';
