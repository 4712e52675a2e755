import { useId, type ButtonHTMLAttributes } from 'react';
import type { Channel } from '../../../core/contract/index';
import { usePermission } from './team';

type Props = ButtonHTMLAttributes<HTMLButtonElement> & { channel: Channel; workflowIds?: readonly string[] };

/**
 * A button for a channel the signed-in account may not be allowed to use (issue 14 §3). Allowed:
 * the plain button. Not allowed: hidden from someone who only reads; for anyone else shown but
 * unusable, with the reason ("Needs the approver role.") as its tooltip and description. It stays
 * focusable (aria-disabled, not disabled) so keyboard and screen-reader users learn the reason too.
 */
export function GatedButton({ channel, workflowIds, onClick, title, children, ...rest }: Props) {
  const decide = usePermission();
  const id = useId();
  const p = decide(channel, workflowIds);
  if (p.allowed)
    return (
      <button type="button" title={title} onClick={onClick} {...rest}>
        {children}
      </button>
    );
  if (p.readOnly) return null;
  return (
    <>
      <button
        type="button"
        {...rest}
        aria-disabled="true"
        title={p.reason}
        aria-describedby={id}
        className={`${rest.className ?? ''} gated`}
      >
        {children}
      </button>
      <span id={id} className="sr-only">
        {p.reason}
      </span>
    </>
  );
}
