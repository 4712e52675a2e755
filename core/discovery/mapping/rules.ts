import { ACTION_RULES } from './action-rules';
import { GATE_RULES } from './gate-rules';
import { ENVIRONMENT_RULES, SYSTEM_KIND_RULES } from './system-rules';

/**
 * The one mapping table, as a list a screen or a README can show: every row of the four tables that
 * decide a discovered value (system kind, environment, action classes, approval gate), in the order
 * they are tried. The rows themselves live next to the code that applies them.
 */
export type MappingRuleRow = { table: 'system-kind' | 'environment' | 'action' | 'gate'; id: string; gives: string; example: string };

export const MAPPING_RULES: readonly MappingRuleRow[] = [
  ...SYSTEM_KIND_RULES.map((r) => ({ table: 'system-kind' as const, id: r.id, gives: `${r.kind} (${r.label})`, example: r.example })),
  ...ENVIRONMENT_RULES.map((r) => ({
    table: 'environment' as const,
    id: r.id,
    gives: r.tier,
    example: `${r.example.kind} ${r.example.value}`,
  })),
  ...ACTION_RULES.map((r) => ({
    table: 'action' as const,
    id: r.id,
    gives: r.classes === 'all' ? 'every action class' : r.classes.join(', '),
    example: `${r.source} ${r.example}`,
  })),
  ...GATE_RULES.map((r) => ({
    table: 'gate' as const,
    id: r.id,
    gives: r.gate,
    example: r.example.settings.map((s) => `${s.setting}=${s.value}`).join(', ') || 'no setting',
  })),
];
