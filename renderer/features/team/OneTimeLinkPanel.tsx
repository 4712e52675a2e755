import { useState } from 'react';
import { showDateTime } from '../../components/time';

/**
 * A one-time link (invitation or password reset), shown once: the server keeps only its hash,
 * so it cannot be shown again. The link is a path on this server; the origin is the one the
 * admin's browser uses, which is the public one behind a proxy too.
 */
export function OneTimeLinkPanel({ what, link, expiresAt, onDone }: { what: string; link: string; expiresAt: string; onDone: () => void }) {
  const url = new URL(link, window.location.origin).toString();
  const [copied, setCopied] = useState<string | null>(null);
  return (
    <div className="card one-time-link" role="region" aria-label={`${what} link`}>
      <h2>{what} link</h2>
      <p>
        Send this link to the person yourself. It works once, until {showDateTime(expiresAt)}, and is not shown again after you close this.
      </p>
      <div className="field">
        <label htmlFor="one-time-link">Link</label>
        <input id="one-time-link" readOnly value={url} onFocus={(e) => e.target.select()} data-testid="one-time-link" />
      </div>
      <div className="toolbar">
        <button
          type="button"
          className="primary"
          onClick={() =>
            navigator.clipboard.writeText(url).then(
              () => setCopied('Copied to the clipboard.'),
              () => setCopied('Could not copy: select the link and copy it by hand.'),
            )
          }
        >
          Copy link
        </button>
        <button type="button" onClick={onDone}>
          Done
        </button>
        <span role="status" aria-live="polite">
          {copied}
        </span>
      </div>
    </div>
  );
}
