import type { Response } from '../../../core/contract/index';
import { UserText } from '../../components/UserText';

type View = NonNullable<Response<'discovery:get'>>;

/** What was read from each source and what was skipped, and why. Every name and reason is text from a file. */
export function SourcesTable({ view }: { view: View }) {
  return (
    <div className="table-scroll">
      <table className="data-table" aria-label="Sources read and skipped">
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Result</th>
            <th scope="col">What was read, or why not</th>
          </tr>
        </thead>
        <tbody>
          {view.sources.map((s, i) => (
            <tr key={`s${i}`} data-testid="discovery-source">
              <td>
                <UserText text={s.path} />
                <div className="small muted">SHA-256 {s.sha256.slice(0, 16)}…</div>
              </td>
              <td>{s.read ? <span className="pill">read as {s.format}</span> : <span className="pill warning-text">skipped</span>}</td>
              <td>
                <UserText text={s.reason} />
                {s.read && (
                  <div className="small muted">
                    {s.counts.agents} agent(s), {s.counts.servers} server(s), {s.counts.permissions} permission(s)
                  </div>
                )}
                {s.problems.length > 0 && (
                  <ul className="small">
                    {s.problems.slice(0, 20).map((p, j) => (
                      <li key={j}>
                        <UserText text={`${p.where}: ${p.message}`} />
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
          {view.skipped.map((s, i) => (
            <tr key={`k${i}`} data-testid="discovery-skipped">
              <td>
                <UserText text={s.path} />
              </td>
              <td>
                <span className="pill warning-text">skipped</span>
              </td>
              <td>
                <UserText text={s.reason} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
