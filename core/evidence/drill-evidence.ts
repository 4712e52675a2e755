/**
 * The seam between drills and scoring. Drills produce these facts; the scoring engine's
 * computed rules consume them. Both sides are plain data so each engine stays pure.
 */

/** "Rollback exercised on DATE, TTR measured": written when a completed drill reached Recovered. */
export type RecoveryEvidence = {
  drillId: string;
  agentId: string;
  scenarioId: string;
  /** Calendar date the drill was completed, YYYY-MM-DD. */
  exercisedOn: string;
  /** Time to recover from T0, in milliseconds of measured (un-paused) drill time. */
  ttrMs: number;
  /** Time to contain (agent halted and credentials revoked), if reached. */
  ttcMs: number | null;
};

/**
 * An active corrective action (open or in progress). One from an after-action review re-opens the
 * controls it names until it is closed. One from an assessment or added by hand (`origin` set) is a
 * finding only once it is overdue, and only on a critical control (issue 11: "an overdue action on
 * a critical control is a finding").
 */
export type OpenCorrectiveAction = {
  correctiveActionId: string;
  /** The drill of an AAR action; null for the tracker's own actions. */
  drillId: string | null;
  /** Set for actions that did not come from a drill's AAR. */
  origin?: 'assessment' | 'manual';
  /** null means it applies to every agent the drill targeted; otherwise one agent. */
  agentId: string | null;
  controlIds: string[];
  title: string;
  owner: string;
  dueDate: string;
};

export type DrillEvidence = {
  recoveries: RecoveryEvidence[];
  openCorrectiveActions: OpenCorrectiveAction[];
};
