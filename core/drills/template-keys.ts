/**
 * The placeholders a scenario may use. Each is filled from the inventory for the drill's target
 * agent(s); `{{key|fallback text}}` gives a scenario-specific fallback when the inventory has no value.
 */
export const TEMPLATE_KEYS = [
  'agent.name',
  'agent.purpose',
  'agent.vendor',
  'agents',
  'agent2.name',
  'agent3.name',
  'owner',
  'operator',
  'escalation',
  'system.name',
  'system.production.name',
  'system.production.kind',
  'environment.production',
  'environment.staging',
  'environment.nonprod',
  'credential',
  'scope',
  'workflow.name',
  'workflow.owner',
] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];

export type Placeholder = { raw: string; key: string; fallback: string | null; index: number };

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.]+)\s*(?:\|([^{}]*))?\}\}/g;

/** Every `{{key}}` / `{{key|fallback}}` in a text, in order. */
export function findPlaceholders(text: string): Placeholder[] {
  const out: Placeholder[] = [];
  for (const m of text.matchAll(PLACEHOLDER)) {
    out.push({ raw: m[0], key: m[1] ?? '', fallback: m[2] !== undefined ? m[2].trim() : null, index: m.index ?? 0 });
  }
  return out;
}

/** True when `offset` starts a sentence in `text` (start of text, or after . ! ? or a line break). */
const startsSentence = (text: string, offset: number): boolean => /(^|[.!?]["')]?\s+|\n\s*)$/.test(text.slice(0, offset));

/**
 * Replace placeholders using `resolve`; it returns null when it has no value (the fallback is used).
 * A fallback at the start of a sentence is capitalised ("the agent" -> "The agent"); inventory
 * values are used exactly as recorded.
 */
export function fillPlaceholders(
  text: string,
  resolve: (key: string) => string | null,
  generic: (key: string) => string,
  onFallback?: (key: string, value: string) => void,
): string {
  return text.replace(PLACEHOLDER, (_raw, key: string, fallback: string | undefined, offset: number, whole: string) => {
    const value = resolve(key);
    if (value !== null && value !== '') return value;
    let fb = fallback !== undefined && fallback.trim() !== '' ? fallback.trim() : generic(key);
    onFallback?.(key, fb);
    if (startsSentence(whole, offset)) fb = fb.charAt(0).toUpperCase() + fb.slice(1);
    return fb;
  });
}
