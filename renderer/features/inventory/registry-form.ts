import { fieldsOf, type Entity, type FieldRegistry } from '../../../core/inventory/field-registry';
import type { FieldSpec, FormValues } from '../../components/FormDialog';

export type Choice = { value: string; label: string };
/** Choices for reference fields, by the entity they point at (e.g. the workspace's systems). */
export type ReferenceChoices = Partial<Record<Entity, readonly Choice[]>>;

export const optionsOf = (values: readonly string[]): Choice[] => values.map((v) => ({ value: v, label: v.replace(/-/g, ' ') }));
const str = (v: FormValues[string] | undefined): string => (Array.isArray(v) ? v.join(',') : (v ?? ''));
const list = (v: FormValues[string] | undefined): string[] => (Array.isArray(v) ? v : v ? [v] : []);

type Layout<T> = {
  /** Fields the form does not show (set by the caller, e.g. a grant's agent). */
  omit?: readonly (keyof T & string)[];
  /** Form order when it differs from the registry's. Fields not listed follow in registry order. */
  order?: readonly (keyof T & string)[];
  /** Per-form overrides of what the registry says (custom option labels, a placeholder choice). */
  options?: Partial<Record<keyof T & string, readonly Choice[]>>;
};

/**
 * A form's controls, read from the entity's field registry: label, control kind, options, help.
 * A select whose value must be chosen on purpose gets a leading empty "Choose ..." option.
 */
export function formFields<T>(registry: FieldRegistry<T>, refs: ReferenceChoices = {}, layout: Layout<T> = {}): FieldSpec[] {
  const omit = new Set<string>(layout.omit ?? []);
  const rank = (k: string): number => {
    const i = (layout.order ?? []).indexOf(k as keyof T & string);
    return i === -1 ? Number.MAX_SAFE_INTEGER : i;
  };
  const fields = fieldsOf(registry)
    .filter((f) => !omit.has(f.key))
    .map((f, i) => ({ f, i }))
    .sort((a, b) => rank(a.f.key) - rank(b.f.key) || a.i - b.i)
    .map(({ f }) => f);
  const out: FieldSpec[] = [];
  for (const f of fields) {
    const common = { name: f.key, label: f.label, ...(f.required ? { required: true } : {}), ...(f.help ? { hint: f.help } : {}) };
    const custom = layout.options?.[f.key];
    switch (f.control) {
      case 'text':
      case 'textarea':
      case 'date':
        out.push({ ...common, kind: f.control });
        break;
      case 'select':
        out.push({ ...common, kind: 'select', options: custom ?? optionsOf(f.options ?? []) });
        break;
      case 'checkboxes':
        out.push({ ...common, kind: 'checkboxes', options: custom ?? optionsOf(f.options ?? []) });
        break;
      case 'reference': {
        const choices = custom ?? (f.references ? (refs[f.references] ?? []) : []);
        out.push({ ...common, kind: 'select', options: [{ value: '', label: `Choose ${f.label.toLowerCase()}…` }, ...choices] });
        break;
      }
      case 'references': {
        const choices = custom ?? (f.references ? (refs[f.references] ?? []) : []);
        if (choices.length) out.push({ ...common, kind: 'checkboxes', options: choices });
        break;
      }
    }
  }
  return out;
}

/** Initial form values: the record's, else the caller's defaults, else the registry's import default, else empty. */
export function formValues<T>(
  registry: FieldRegistry<T>,
  record?: Partial<T>,
  defaults: Partial<Record<keyof T, unknown>> = {},
): FormValues {
  const out: FormValues = {};
  for (const f of fieldsOf(registry)) {
    const v = record?.[f.key] ?? defaults[f.key] ?? f.importDefault;
    const many = f.control === 'checkboxes' || f.control === 'references';
    out[f.key] = many ? (Array.isArray(v) ? v.map(String) : []) : v === null || v === undefined ? '' : String(v as string);
  }
  return out;
}

/** The entity input from form values; the back end validates it with the model's zod schema. */
export function formInput<T>(registry: FieldRegistry<T>, v: FormValues, fixed: Partial<T> = {}): T {
  const out: Record<string, unknown> = {};
  for (const f of fieldsOf(registry)) {
    if (f.control === 'checkboxes' || f.control === 'references') out[f.key] = list(v[f.key]);
    else if (f.control === 'date') out[f.key] = str(v[f.key]) || null;
    else out[f.key] = str(v[f.key]);
  }
  return { ...out, ...fixed } as T;
}
