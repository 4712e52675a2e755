/**
 * The team server's structured log: one JSON object per line on stdout. A request line has the
 * method, the path without its query (invitation links carry their token there), the status, the
 * milliseconds and the account id; never a cookie, token, password or the database URL.
 */
export type LogLine = Record<string, string | number | boolean | null>;
export type Logger = { info: (event: string, fields?: LogLine) => void; error: (event: string, err: unknown, fields?: LogLine) => void };

/** Any connection string (postgres://user:password@host/db) in a message, hidden. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(/\b(postgres(?:ql)?):\/\/[^\s'"`]+/gi, '$1://[redacted]');
  for (const s of secrets) if (s) out = out.split(s).join('[redacted]');
  return out;
}

export function createLogger(write: (line: string) => void = (l) => void process.stdout.write(l), secrets: readonly string[] = []): Logger {
  const emit = (level: string, event: string, fields: LogLine) =>
    write(`${JSON.stringify({ time: new Date().toISOString(), level, event, ...fields })}\n`);
  return {
    info: (event, fields = {}) => emit('info', event, fields),
    error: (event, err, fields = {}) =>
      emit('error', event, { ...fields, message: redact(err instanceof Error ? err.message : String(err), secrets).slice(0, 500) }),
  };
}
