import { useEffect, useState } from 'react';
import { ApiError, desktopTeam, errorMessage } from '../../api/client';
import { UserText } from '../../components/UserText';
import { connection, connectedAs, followDesktopConnection, useDesktopConnection } from './desktop-connection';
import { Field, TeamForm } from './Field';

type Issues = Record<string, string>;
const issuesOf = (err: unknown): Issues =>
  err instanceof ApiError ? Object.fromEntries(err.issues.map((i) => [i.path.split('.').pop() ?? i.path, i.message])) : {};

/**
 * The workspace picker's team server panel in the desktop app (issue 14 §6): "Connect to a team
 * server" (its address, then the sign-in), which server and account are connected, and
 * "Disconnect". Errors stand next to the field they are about. Rendered only where the preload
 * offers the connection (never in browser mode).
 */
export function DesktopConnect() {
  const status = useDesktopConnection((s) => s.status);
  useEffect(followDesktopConnection, []);
  if (!desktopTeam() || !status) return null;
  return (
    <section className="card desktop-connect" aria-labelledby="desktop-connect-title">
      <h2 id="desktop-connect-title">Team server</h2>
      {status.notice && (
        <p role="status" className="notice">
          {status.notice}
        </p>
      )}
      {status.state === 'signed-in' ? (
        <ConnectedIndicator />
      ) : status.state === 'server' ? (
        <SignInToServer origin={status.origin ?? ''} oidcName={status.oidc?.name ?? null} />
      ) : (
        <LocalStart />
      )}
    </section>
  );
}

/** Not connected: the button, then the address (a fresh start each time the connection comes back here). */
function LocalStart() {
  const [asking, setAsking] = useState(false);
  if (asking) return <ServerAddress onCancel={() => setAsking(false)} />;
  return (
    <>
      <p className="muted">Your workspaces are on this computer. A team shares them on a server, with accounts and roles.</p>
      <button type="button" onClick={() => setAsking(true)}>
        Connect to a team server
      </button>
    </>
  );
}

/** Which server and account this window works on, and the way back to this computer's workspaces. */
export function ConnectedIndicator() {
  const status = useDesktopConnection((s) => s.status);
  const [error, setError] = useState<string | null>(null);
  if (!status || status.state !== 'signed-in') return null;
  return (
    <span className="team-bar" data-testid="connected-to">
      <span className="team-account">
        Connected to <UserText text={connectedAs(status)} />
      </span>
      <button type="button" onClick={() => connection.disconnect().catch((e: unknown) => setError(errorMessage(e)))}>
        Disconnect
      </button>
      {error && (
        <span className="form-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}

function ServerAddress({ onCancel }: { onCancel: () => void }) {
  const [url, setUrl] = useState('');
  const [issue, setIssue] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setIssue(undefined);
    try {
      await connection.open(url);
    } catch (err) {
      // Every failure here is about the address: unreachable, not a team server, TLS, not https.
      setIssue(issuesOf(err).url ?? errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <TeamForm onSubmit={submit}>
      <Field id="team-server-url" label="Team server address" value={url} onChange={setUrl} error={issue} autoComplete="url" />
      <button type="submit" className="primary" disabled={busy}>
        Continue
      </button>{' '}
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </TeamForm>
  );
}

function SignInToServer({ origin, oidcName }: { origin: string; oidcName: string | null }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [issues, setIssues] = useState<Issues>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setIssues({});
    setError(null);
    const local: Issues = {};
    if (!email.trim()) local.email = 'Enter your email address';
    if (!password) local.password = 'Enter your password';
    if (Object.keys(local).length) return setIssues(local);
    setBusy(true);
    try {
      await connection.signIn(email, password);
    } catch (err) {
      const byField = issuesOf(err);
      if (Object.keys(byField).length) setIssues(byField);
      else setError(errorMessage(err)); // locked out, too many attempts, unreachable
    } finally {
      setBusy(false);
    }
  };
  return (
    <TeamForm className="sign-in-form" onSubmit={submit}>
      <p>
        Sign in to <UserText text={origin} />
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <Field id="team-email" label="Email" type="email" value={email} onChange={setEmail} error={issues.email} autoComplete="username" />
      <Field
        id="team-password"
        label="Password"
        type="password"
        value={password}
        onChange={setPassword}
        error={issues.password}
        autoComplete="current-password"
      />
      {oidcName && (
        <p className="muted small">
          This server also offers sign-in with <UserText text={oidcName} />; the desktop app signs in with a password only.
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        Sign in
      </button>{' '}
      <button type="button" onClick={() => void connection.disconnect()}>
        Cancel
      </button>
    </TeamForm>
  );
}
