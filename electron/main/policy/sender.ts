import { isAppUrl } from './app-origin';

/** What the IPC layer knows about who sent a message (taken from `event.senderFrame`). */
export type SenderInfo = {
  /** `senderFrame.url`, or null when the frame is gone (navigated away or destroyed). */
  frameUrl: string | null | undefined;
  /** True when `senderFrame.parent === null` (the top-level frame, not an iframe). */
  isMainFrame: boolean;
  /** True when the sending webContents is one of the app's own windows. */
  isAppWindow: boolean;
};

/**
 * Every IPC handler runs this first: the message must come from the main frame of one of the app's
 * windows, showing a page of the app's own origin. A null frame, an iframe, or any other origin is refused.
 */
export function isTrustedSender(sender: SenderInfo | null | undefined): boolean {
  if (!sender) return false;
  if (sender.isMainFrame !== true || sender.isAppWindow !== true) return false;
  return isAppUrl(sender.frameUrl);
}
