import { useState } from 'react';
import { teamPost, useTeam } from './team';

type Issues = Record<string, string>;

const issuesOf = (e: { issues?: { path: string; message: string }[] }): Issues =>
  Object.fromEntries((e.issues ?? []).map((i) => [i.path.split('.').pop() ?? i.path, i.message]));

/** The team server's sign-in (and, from an invitation link, account creation). Success reloads the app signed in. */
export function SignIn() {
  const invitation = new URLSearchParams(window.location.search).get('invitation');
  const [accepting, setAccepting] = useState(invitation !== null);
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <main className="picker sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{accepting ? 'Create your account' : 'Sign in to Agent Readiness'}</h1>
      {notice && <p role="status">{notice}</p>}
      {accepting && invitation ? (
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
    <form
      className="card sign-in-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
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
    </form>
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
    <form
      className="card sign-in-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
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
    </form>
  );
}

type FieldProps = {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  error: string | undefined;
  type?: string;
  autoComplete?: string;
};

export function Field({ id, label, value, onChange, error, type = 'text', autoComplete }: FieldProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        value={value}
        autoComplete={autoComplete}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {error && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}
