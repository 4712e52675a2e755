import { revealBidiControls } from '../common/bidi';

/**
 * Escapes text for HTML/SVG element content and quoted attribute values. Every user string goes
 * through it, so it also shows bidi controls as visible markers ("invoice[RLO]gpj.exe"): an
 * override character must not disguise a name in a report.
 */
export const esc = (v: unknown): string =>
  revealBidiControls(String(v ?? ''))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** Escapes Markdown so user text is shown literally (no links, emphasis, HTML or code spans). */
export const escMd = (v: unknown): string =>
  revealBidiControls(String(v ?? ''))
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+\-.!|~])/g, '\\$1');
