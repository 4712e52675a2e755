import type { Result } from '../../core/contract/index';

/**
 * Stands in for the desktop preload (`window.api`), which is how renderer/api/client.ts reaches the
 * back end. A test answers channels itself, and can hold an answer back to control its timing.
 */
type Handler = (input: unknown) => Promise<Result<unknown>>;
const handlers = new Map<string, Handler>();

window.api = new Proxy({} as Record<string, Handler>, { get: (_t, channel) => handlers.get(String(channel)) });

export const answer = (channel: string, handler: (input: unknown) => Promise<Result<unknown>>): void => {
  handlers.set(channel, handler);
};

export const resetFakeBackend = (): void => handlers.clear();

/** A promise the test settles when it chooses: how a slow response is made to arrive late. */
export function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
