/**
 * Findings from behaviour (issue 13): what an agent's real activity logs show (a destructive production
 * action without the approval its gate requires, an action outside its grants). Like a drill's open
 * corrective action, each re-opens the controls it names for its agent until the behaviour stops
 * appearing in the imported logs.
 */
export type BehaviourFinding = {
  ruleId: string;
  agentId: string;
  controlIds: readonly string[];
  message: string;
};

export const behaviourMessage = (b: BehaviourFinding): string => `From the activity logs: ${b.message}`;
