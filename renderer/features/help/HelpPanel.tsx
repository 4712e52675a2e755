import { Dialog } from '../../components/Dialog';
import { routes } from '../../app/routes';

/** In-app list of keyboard shortcuts (opened with "?" or F1). */
export function HelpPanel({ onClose }: { onClose: () => void }) {
  const nav = routes.filter((r) => r.nav);
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose}>
      <table className="shortcuts">
        <caption className="sr-only">Keyboard shortcuts</caption>
        <tbody>
          <tr>
            <th scope="row"><kbd>?</kbd> or <kbd>F1</kbd></th>
            <td>Show this help</td>
          </tr>
          {nav.map((r, i) => (
            <tr key={r.id}>
              <th scope="row"><kbd>Alt</kbd>+<kbd>{i + 1}</kbd></th>
              <td>Go to {r.label}</td>
            </tr>
          ))}
          <tr>
            <th scope="row"><kbd>/</kbd></th>
            <td>Focus the search box on a list</td>
          </tr>
          <tr>
            <th scope="row"><kbd>Tab</kbd> / <kbd>Shift</kbd>+<kbd>Tab</kbd></th>
            <td>Move between controls; rows in lists open with <kbd>Enter</kbd></td>
          </tr>
          <tr>
            <th scope="row"><kbd>Esc</kbd></th>
            <td>Close a dialog without saving</td>
          </tr>
          <tr>
            <th scope="row"><kbd>Enter</kbd> in the drill log</th>
            <td>Record the note or decision with its time stamp</td>
          </tr>
        </tbody>
      </table>
    </Dialog>
  );
}
