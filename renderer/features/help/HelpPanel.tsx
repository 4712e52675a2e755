import { useAppStore, type HelpSection } from '../../app/app.store';
import { Dialog } from '../../components/Dialog';
import { navRoutesFor } from '../../app/routes';
import { useTeam } from '../team/team';
import { GettingStarted } from './GettingStarted';

/**
 * Help: the getting-started guide (from the Help button and the empty states) and the keyboard
 * shortcuts (from "?", F1 and the desktop menu). Each links to the other.
 */
export function HelpPanel({ section, onClose }: { section: HelpSection; onClose: () => void }) {
  const open = (s: HelpSection) => () => useAppStore.getState().openHelp(s);
  return section === 'guide' ? (
    <Dialog title="Getting started" onClose={onClose} wide>
      <GettingStarted onClose={onClose} />
      <p>
        <button type="button" className="link-button" onClick={open('shortcuts')}>
          Keyboard shortcuts
        </button>
      </p>
    </Dialog>
  ) : (
    <Dialog title="Keyboard shortcuts" onClose={onClose}>
      <Shortcuts />
      <p>
        <button type="button" className="link-button" onClick={open('guide')}>
          Getting-started guide
        </button>
      </p>
    </Dialog>
  );
}

function Shortcuts() {
  const nav = navRoutesFor(useTeam());
  return (
    <table className="shortcuts">
      <caption className="sr-only">Keyboard shortcuts</caption>
      <tbody>
        <tr>
          <th scope="row">
            <kbd>?</kbd> or <kbd>F1</kbd>
          </th>
          <td>Show this help</td>
        </tr>
        {nav.map((r, i) => (
          <tr key={r.id}>
            <th scope="row">
              <kbd>Alt</kbd>+<kbd>{i + 1}</kbd>
            </th>
            <td>Go to {r.label}</td>
          </tr>
        ))}
        <tr>
          <th scope="row">
            <kbd>/</kbd>
          </th>
          <td>Focus the search box on a list</td>
        </tr>
        <tr>
          <th scope="row">
            <kbd>Tab</kbd> / <kbd>Shift</kbd>+<kbd>Tab</kbd>
          </th>
          <td>Move between controls (inside an open dialog, focus wraps around)</td>
        </tr>
        <tr>
          <th scope="row">
            <kbd>Enter</kbd> on a list row
          </th>
          <td>Open the record on that row</td>
        </tr>
        <tr>
          <th scope="row">
            <kbd>Enter</kbd> or <kbd>Space</kbd> on a column header
          </th>
          <td>Sort by that column; again to reverse</td>
        </tr>
        <tr>
          <th scope="row">
            <kbd>←</kbd> / <kbd>→</kbd> on tabs
          </th>
          <td>Switch between Agents, Workflows, Systems and Environments</td>
        </tr>
        <tr>
          <th scope="row">
            <kbd>Space</kbd>
          </th>
          <td>Tick or untick a checkbox (actions on a grant, workflows of an agent)</td>
        </tr>
        <tr>
          <th scope="row">
            <kbd>↑</kbd> / <kbd>↓</kbd> on a choice list
          </th>
          <td>Change the choice (environment, lifecycle, approval gate…)</td>
        </tr>
        <tr>
          <th scope="row">
            <kbd>Enter</kbd> in a form field
          </th>
          <td>Save the form</td>
        </tr>
        <tr>
          <th scope="row">
            <kbd>Esc</kbd>
          </th>
          <td>Close a dialog without saving</td>
        </tr>
        <tr>
          <th scope="row">
            <kbd>Enter</kbd> in the drill log
          </th>
          <td>Record the note with its time stamp</td>
        </tr>
        <tr>
          <th scope="row">
            <kbd>Ctrl</kbd>+<kbd>Enter</kbd> in the drill log
          </th>
          <td>Record it as a decision</td>
        </tr>
        <tr>
          <th scope="row">
            <kbd>Ctrl</kbd>+<kbd>N</kbd> / <kbd>Ctrl</kbd>+<kbd>O</kbd> (desktop app)
          </th>
          <td>New workspace / open a workspace</td>
        </tr>
        <tr>
          <th scope="row">
            <kbd>Ctrl</kbd>+<kbd>/</kbd> (desktop app)
          </th>
          <td>Show this help from the menu</td>
        </tr>
        <tr>
          <th scope="row">
            <kbd>Tab</kbd> on a new page
          </th>
          <td>The first stop is “Skip to content”, which jumps past the navigation</td>
        </tr>
      </tbody>
    </table>
  );
}
