/**
 * Errors that cross the contract boundary. Every door (IPC, HTTP, CLI) serialises
 * an AppError to the same plain shape, so the UI can put a message next to the field
 * that caused it.
 */
export type ErrorCode =
  | 'VALIDATION' // input failed a schema; `issues` says which field
  | 'NOT_FOUND'
  | 'CONFLICT' // duplicate name, stale version, concurrent change
  | 'REFUSED' // a valid request the current state does not allow (e.g. out-of-order drill step)
  | 'WORKSPACE_UNAVAILABLE' // the workspace file could not be opened; `details.path` tells where it is
  | 'NEWER_VERSION' // database written by a newer app version
  | 'UNKNOWN_CHANNEL'
  | 'UNAUTHENTICATED' // team mode: nobody is signed in (HTTP 401)
  | 'FORBIDDEN' // team mode: the account's roles, workspaces or workflow scope do not allow it (HTTP 403)
  | 'INTERNAL';

export type FieldIssue = { path: string; message: string };

export type SerializedError = {
  code: ErrorCode;
  message: string;
  issues?: FieldIssue[];
  details?: Record<string, string | number | boolean | null>;
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly issues: FieldIssue[] | undefined;
  readonly details: SerializedError['details'];

  constructor(code: ErrorCode, message: string, opts: { issues?: FieldIssue[]; details?: SerializedError['details'] } = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.issues = opts.issues;
    this.details = opts.details;
  }

  toJSON(): SerializedError {
    const out: SerializedError = { code: this.code, message: this.message };
    if (this.issues) out.issues = this.issues;
    if (this.details) out.details = this.details;
    return out;
  }
}

/** A single-field validation failure, e.g. a duplicate name. */
export const fieldError = (path: string, message: string): AppError => new AppError('VALIDATION', message, { issues: [{ path, message }] });

export const isSerializedError = (v: unknown): v is SerializedError =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as SerializedError).code === 'string' &&
  typeof (v as SerializedError).message === 'string';
