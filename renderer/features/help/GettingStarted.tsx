import type { ReactNode } from 'react';
import { useAppStore } from '../../app/app.store';
import type { RouteId } from '../../app/route-labels';
import { ROUTE_LABELS } from '../../app/route-labels';

/** One screen of the guide: its name (a link to it when a workspace is open) and what it is for. */
function Screen({ id, onClose, children }: { id: RouteId; onClose: () => void; children: ReactNode }) {
  const inWorkspace = useAppStore((s) => s.workspaceId !== null);
  const label = ROUTE_LABELS[id];
  return (
    <li>
      {inWorkspace ? (
        <button
          type="button"
          className="link-button"
          onClick={() => {
            onClose();
            useAppStore.getState().navigate(id);
          }}
        >
          {label}
        </button>
      ) : (
        <strong>{label}</strong>
      )}
      : {children}
    </li>
  );
}

/** The short guide for a first session: what to do first, then what each screen is for. */
export function GettingStarted({ onClose }: { onClose: () => void }) {
  return (
    <div className="getting-started">
      <p>
        Agent Readiness answers one question for each AI agent that can change live systems: is it ready to run in production, and would
        your team cope if it went wrong?
      </p>
      <h3>What to do first</h3>
      <ol>
        <li>
          Open the example workspace to look around, or create a workspace of your own (one file on this computer; you can switch with
          “Switch workspace”).
        </li>
        <li>
          Record your agents in the Inventory, with the systems and environments they reach and the permissions (grants) they hold. Or bring
          a spreadsheet in with Import.
        </li>
        <li>Open the Dashboard: every agent gets a readiness score and a verdict, with the findings that hold it back.</li>
        <li>Open an agent’s readiness and answer the checklist controls, attaching evidence; the score updates as you answer.</li>
        <li>Run a drill: a timed incident exercise that measures how fast the team detects, contains and recovers.</li>
        <li>Finalise an assessment to keep a dated snapshot, and export a report for the people who sign off.</li>
      </ol>
      <h3>What each screen is for</h3>
      <ul>
        <Screen id="dashboard" onClose={onClose}>
          readiness of every agent, the agents not ready and the top risks; open an agent to see why.
        </Screen>
        <Screen id="inventory" onClose={onClose}>
          agents, workflows, systems and environments, and the grants that say which agent may do what, where.
        </Screen>
        <Screen id="matrix" onClose={onClose}>
          every grant of one environment in a grid, with the risky ones highlighted.
        </Screen>
        <Screen id="assessments" onClose={onClose}>
          finalised, read-only snapshots of the scores; compare two to see what changed.
        </Screen>
        <Screen id="drills" onClose={onClose}>
          the scenario library; set up and run a drill, then write the after-action review and corrective actions.
        </Screen>
        <Screen id="drill-history" onClose={onClose}>
          past drills with their times to detect, contain and recover, and trends per scenario.
        </Screen>
        <Screen id="reports" onClose={onClose}>
          the executive report (PDF, HTML, Markdown) and data exports.
        </Screen>
        <Screen id="import" onClose={onClose}>
          bring an inventory in from CSV or Excel, with a preview before anything changes.
        </Screen>
        <Screen id="backups" onClose={onClose}>
          verified copies of the workspace; restore one if the file is damaged.
        </Screen>
      </ul>
    </div>
  );
}
