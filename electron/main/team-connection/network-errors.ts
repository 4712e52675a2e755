/**
 * Network failures in words a person can act on (issue 14 §6): the server cannot be reached, or
 * its certificate is not trusted. Node's fetch puts the system error code on `cause`. Pure.
 */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);
const TLS = /CERT|SELF_SIGNED|TLS|SSL|UNABLE_TO_(VERIFY|GET)|ERR_TLS|HOSTNAME|ALTNAME/;

export type NetworkProblem = { code: 'UNREACHABLE' | 'TLS'; message: string };

function codeOf(err: unknown): string {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return '';
}

export function describeNetworkError(err: unknown, origin: string): NetworkProblem {
  const code = codeOf(err);
  if (TLS.test(code))
    return {
      code: 'TLS',
      message: `The secure connection to ${origin} failed (${code}): its certificate is not trusted by this computer, has expired, or is for another name. Ask whoever runs the server; nothing was sent.`,
    };
  if ((err as { name?: unknown })?.name === 'TimeoutError' || (err as { name?: unknown })?.name === 'AbortError')
    return { code: 'UNREACHABLE', message: `${origin} did not answer in time. Check the address and your network, then try again.` };
  const why = UNREACHABLE.has(code) ? ` (${code})` : code ? ` (${code})` : '';
  return {
    code: 'UNREACHABLE',
    message: `The team server at ${origin} cannot be reached${why}. Check the address and your network, then try again.`,
  };
}
