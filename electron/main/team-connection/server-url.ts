/**
 * Which team server addresses the desktop app will talk to (issue 14 §6). Pure, so a unit test
 * covers it without Electron. The session token crosses this connection, so it must be https;
 * plain http is allowed only to this computer (a server started for a test or a demo).
 */
export type ServerUrlCheck = { ok: true; origin: string } | { ok: false; message: string };

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

export function checkServerUrl(raw: string): ServerUrlCheck {
  const text = raw.trim();
  if (!text) return { ok: false, message: 'Enter the team server address, like https://readiness.example.org' };
  // People type the host alone; https is the only scheme we would pick for them.
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, message: 'This is not a web address. Enter one like https://readiness.example.org' };
  }
  if (url.username || url.password)
    return { ok: false, message: 'Leave the name and password out of the address; sign in on the next step.' };
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname))
    return {
      ok: false,
      message: `Only https:// addresses are accepted (your password and session would cross the network in clear). Use https://${url.host}`,
    };
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, message: 'Use an https:// address.' };
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash)
    return { ok: false, message: `Enter the server's address only, without a path: ${url.origin}` };
  return { ok: true, origin: url.origin };
}
