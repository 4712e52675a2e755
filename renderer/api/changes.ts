import { CHANGE_EVENT, CHANGES_PATH, ChangeNotice } from '../../core/live/changes';

/** A committed change elsewhere, or `null`: the stream was down for a while, so anything may have changed. */
export type LiveSignal = ChangeNotice | null;
export type LiveListener = (signal: LiveSignal) => void;

const listeners = new Set<LiveListener>();
let source: EventSource | null = null;
let retry: number | null = null;
let everOpen = false;
/** After the server refused the stream (restart with a new token, too many streams): try again this much later. */
const REOPEN_MS = 5000;

/** Readiness signal for tests and diagnostics: `<html data-live="open">` while the stream is up. */
const mark = (state: 'open' | 'connecting' | 'closed'): void => {
  document.documentElement.dataset.live = state;
};

const emit = (signal: LiveSignal): void => {
  for (const l of [...listeners]) l(signal);
};

function connect(): void {
  mark('connecting');
  const es = new EventSource(CHANGES_PATH);
  source = es;
  es.addEventListener('open', () => {
    mark('open');
    // Reconnected: notices sent while the stream was down are lost, so every listener refetches once.
    if (everOpen) emit(null);
    everOpen = true;
  });
  es.addEventListener(CHANGE_EVENT, (e) => {
    let data: unknown;
    try {
      data = JSON.parse((e as MessageEvent<string>).data);
    } catch {
      return;
    }
    const notice = ChangeNotice.safeParse(data);
    if (notice.success) emit(notice.data);
  });
  es.addEventListener('error', () => {
    if (es.readyState !== EventSource.CLOSED) return mark('connecting'); // the browser reconnects by itself
    mark('closed');
    es.close();
    if (source === es) source = null;
    if (listeners.size > 0 && retry === null)
      retry = window.setTimeout(() => {
        retry = null;
        if (listeners.size > 0 && !source) connect();
      }, REOPEN_MS);
  });
}

/** Browser mode reads the stream itself; the desktop window's main process relays it (window.desktop.onChange). */
const available = (): boolean => typeof window !== 'undefined' && !window.api && typeof EventSource !== 'undefined';
let desktopOff: (() => void) | null = null;

/** The desktop: one relay subscription per window, shared by every listener (the main process reads the server's stream). */
function desktopChanges(listener: LiveListener, subscribe: NonNullable<NonNullable<Window['desktop']>['onChange']>): () => void {
  listeners.add(listener);
  desktopOff ??= subscribe(emit);
  mark('open');
  return () => {
    listeners.delete(listener);
    if (listeners.size > 0) return;
    desktopOff?.();
    desktopOff = null;
    mark('closed');
  };
}

/**
 * Calls `listener` for every change committed by anyone (this window included) while it is
 * subscribed. Browser mode shares one EventSource per page; the desktop app hears them from its
 * main process (this computer's changes, or the team server's while connected).
 */
export function onChanges(listener: LiveListener): () => void {
  const relay = typeof window !== 'undefined' ? window.desktop?.onChange : undefined;
  if (relay) return desktopChanges(listener, relay);
  if (!available()) return () => undefined;
  listeners.add(listener);
  if (!source && retry === null) connect();
  return () => {
    listeners.delete(listener);
    if (listeners.size > 0) return;
    source?.close();
    source = null;
    if (retry !== null) window.clearTimeout(retry);
    retry = null;
    mark('closed');
  };
}
