import { useState } from 'react';
import { Field, issuesOf, type Issues, TeamForm } from './Field';
import { teamPost } from './team';

/** From an admin's password-reset link (`/?reset=…`): a new password; the link works once, and every session of the account ends. */
export function ResetPasswordForm({ token, onDone }: { token: string; onDone: () => void }) {
  const [password, setPassword] = useState('');
  const [issues, setIssues] = useState<Issues>({});
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    setIssues({});
    setError(null);
    const r = await teamPost('/team/reset-password', { token, password }, null);
    if (r.ok) return onDone();
    const byField = issuesOf(r.error);
    if (Object.keys(byField).length) setIssues(byField);
    else setError(r.error.message); // used, expired or unknown link
  };
  return (
    <TeamForm className="card sign-in-form" error={error} onSubmit={submit}>
      <Field
        id="reset-password"
        label="New password (at least 12 characters)"
        type="password"
        value={password}
        onChange={setPassword}
        error={issues.password}
        autoComplete="new-password"
      />
      <button type="submit" className="primary">
        Set password
      </button>
    </TeamForm>
  );
}
