import { useState } from 'react';
import { Field, issuesOf, type Issues, TeamForm } from './Field';
import { ResetPasswordForm } from './ResetPasswordForm';
import { teamPost, useTeam } from './team';

/** The team server's sign-in (and, from an invitation link, account creation). Success reloads the app signed in. */
export function SignIn() {
  const query = new URLSearchParams(window.location.search);
  const invitation = query.get('invitation');
  const reset = query.get('reset');
  const [accepting, setAccepting] = useState(invitation !== null);
  const [resetting, setResetting] = useState(reset !== null);
  const [notice, setNotice] = useState<string | null>(null);
  const title = accepting ? 'Create your account' : resetting ? 'Choose a new password' : 'Sign in to Agent Readiness';
  return (
    <main className="picker sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{title}</h1>
      {notice && <p role="status">{notice}</p>}
      {resetting && reset ? (
        <ResetPasswordForm
          token={reset}
          onDone={() => {
            window.history.replaceState(null, '', '/');
            setResetting(false);
            setNotice('Your password was changed and every session of your account ended. Sign in with the new password.');
          }}
        />
      ) : accepting && invitation ? (
        <AcceptForm
          token={invitation}
          onDone={() => {
            window.history.replaceState(null, '', '/');
            setAccepting(false);
            setNotice('Your account is ready. Sign in with your email and the password you chose.');
          }}
        />
      ) : (
        <SignInForm />
      )}
    </main>
  );
}

function SignInForm() {
  const oidc = useTeam((s) => s.oidc);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [issues, setIssues] = useState<Issues>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setIssues({});
    setError(null);
    const local: Issues = {};
    if (!email.trim()) local.email = 'Enter your email address';
    if (!password) local.password = 'Enter your password';
    if (Object.keys(local).length) {
      setIssues(local);
      setBusy(false);
      return;
    }
    const r = await teamPost<{ csrf: string }>('/team/sign-in', { email, password }, null);
    if (r.ok) return window.location.replace('/');
    setBusy(false);
    const byField = issuesOf(r.error);
    if (Object.keys(byField).length) setIssues(byField);
    else if (r.status === 401) setIssues({ password: r.error.message });
    else setError(r.error.message); // locked out (423), too many attempts (429), server unreachable
  };
  return (
    <TeamForm className="card sign-in-form" error={error} onSubmit={submit}>
      <Field id="sign-in-email" label="Email" type="email" value={email} onChange={setEmail} error={issues.email} autoComplete="username" />
      <Field
        id="sign-in-password"
        label="Password"
        type="password"
        value={password}
        onChange={setPassword}
        error={issues.password}
        autoComplete="current-password"
      />
      <button type="submit" className="primary" disabled={busy}>
        Sign in
      </button>
      {oidc && (
        // A plain link: the server sends the browser on to the provider (a full navigation, not a fetch).
        <p className="sign-in-sso">
          <a className="button" href="/team/oidc/start">
            Sign in with {oidc.name}
          </a>
        </p>
      )}
    </TeamForm>
  );
}

function AcceptForm({ token, onDone }: { token: string; onDone: () => void }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [issues, setIssues] = useState<Issues>({});
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    setIssues({});
    setError(null);
    const r = await teamPost('/team/accept-invitation', { token, name, password }, null);
    if (r.ok) return onDone();
    const byField = issuesOf(r.error);
    if (Object.keys(byField).length) setIssues(byField);
    else setError(r.error.message);
  };
  return (
    <TeamForm className="card sign-in-form" error={error} onSubmit={submit}>
      <Field id="accept-name" label="Your name" value={name} onChange={setName} error={issues.name} autoComplete="name" />
      <Field
        id="accept-password"
        label="Choose a password (at least 12 characters)"
        type="password"
        value={password}
        onChange={setPassword}
        error={issues.password}
        autoComplete="new-password"
      />
      <button type="submit" className="primary">
        Create account
      </button>
    </TeamForm>
  );
}
