/**
 * One simulated person of the team load test: signed in over HTTP like a browser (session
 * cookie + CSRF header), calling `/api/<channel>` (the real dispatch endpoint) on whichever
 * instance it is told. Every call's latency and outcome go to the shared recorder.
 */
export type Outcome = 'ok' | 'conflict' | 'error';
export type Sample = { channel: string; ms: number; outcome: Outcome };
export type ApiError = { code: string; message: string; details?: Record<string, unknown> };
export type Reply<T> = { ok: true; value: T } | { ok: false; error: ApiError; status: number };

export class Recorder {
  readonly samples: Sample[] = [];
  /** Error messages by kind, for the report (first few of each). */
  readonly errors = new Map<string, number>();
  /** The latency of each error, in order (how long the server tried before it failed). */
  readonly errorMs: number[] = [];
  record(channel: string, ms: number, outcome: Outcome, error?: string): void {
    this.samples.push({ channel, ms, outcome });
    if (error) {
      this.errors.set(error, (this.errors.get(error) ?? 0) + 1);
      this.errorMs.push(Math.round(ms));
    }
  }
}

/** A stale-version refusal (issue 14 §4): expected under contention, never an error. */
export const isStale = (e: ApiError): boolean => e.code === 'CONFLICT' && e.details?.reason === 'stale-version';

const TIMEOUT_MS = 30_000;

export class TeamClient {
  private cookie = '';
  private csrf = '';
  constructor(
    readonly name: string,
    /** Its own address as the proxy reports it (X-Forwarded-For): each person signs in from their own machine. */
    private readonly address: string,
    private readonly recorder: Recorder,
  ) {}

  async signIn(origin: string, email: string, password: string): Promise<void> {
    const res = await fetch(`${origin}/team/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': this.address },
      body: JSON.stringify({ email, password }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const body = (await res.json()) as { value?: { csrf: string }; error?: ApiError };
    if (res.status !== 200 || !body.value) throw new Error(`${email} could not sign in (${res.status}): ${body.error?.message ?? ''}`);
    this.cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    this.csrf = body.value.csrf;
  }

  /** One call; a stale-version refusal is counted as a conflict, any other refusal, 5xx or network failure as an error. */
  async call<T>(origin: string, channel: string, input: Record<string, unknown>): Promise<Reply<T>> {
    const t0 = performance.now();
    let reply: Reply<T>;
    try {
      const res = await fetch(`${origin}/api/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: this.cookie, 'x-csrf-token': this.csrf, 'x-forwarded-for': this.address },
        body: JSON.stringify(input),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      const body = (await res.json()) as { ok: boolean; value?: T; error?: ApiError };
      reply = body.ok
        ? { ok: true, value: body.value as T }
        : { ok: false, status: res.status, error: body.error ?? { code: 'HTTP', message: `status ${res.status}` } };
    } catch (err) {
      const e = err as Error;
      reply = { ok: false, status: 0, error: { code: 'NETWORK', message: `${e.name}: ${e.message}` } };
    }
    const ms = performance.now() - t0;
    if (reply.ok) this.recorder.record(channel, ms, 'ok');
    else if (isStale(reply.error)) this.recorder.record(channel, ms, 'conflict');
    else {
      const sqlite = typeof reply.error.details?.sqlite === 'string' ? ` [${reply.error.details.sqlite}]` : '';
      this.recorder.record(
        channel,
        ms,
        'error',
        `${channel} ${reply.status} ${reply.error.code}${sqlite}: ${reply.error.message.slice(0, 160)}`,
      );
    }
    return reply;
  }

  /** A call that must succeed (seeding, final reads): throws otherwise. */
  async must<T>(origin: string, channel: string, input: Record<string, unknown>): Promise<T> {
    const r = await this.call<T>(origin, channel, input);
    if (!r.ok) throw new Error(`${this.name}: ${channel} failed (${r.status} ${r.error.code}): ${r.error.message}`);
    return r.value;
  }
}
