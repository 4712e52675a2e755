import { ROLES, type Role } from '../../../core/team/rules';
import { UserText } from '../../components/UserText';

/** What each role may do, in words (issue 14 §3), shown beside its checkbox. */
export const ROLE_HELP: Record<Role, string> = {
  admin: 'everything, including people and roles',
  editor: 'changes the inventory',
  approver: 'approves grants and accepted risks, signs off reviews',
  facilitator: 'runs drills',
  viewer: 'reads only',
};

export type GrantsValue = { roles: Role[]; limited: boolean; workflowScope: string[] };
export const grantsInput = (v: GrantsValue) => ({ roles: v.roles, workflowScope: v.limited ? v.workflowScope : null });

type Props = {
  idPrefix: string;
  value: GrantsValue;
  onChange: (v: GrantsValue) => void;
  workflows: readonly { id: string; name: string }[];
  errors: { roles?: string | undefined; workflowScope?: string | undefined };
};

/** Role checkboxes and the editor's optional workflow limit, with errors next to them (invite form and the change-roles dialog). */
export function GrantsFields({ idPrefix, value, onChange, workflows, errors }: Props) {
  const toggle = <T,>(list: readonly T[], item: T, on: boolean): T[] =>
    on ? [...new Set([...list, item])] : list.filter((x) => x !== item);
  const rolesError = `${idPrefix}-roles-error`;
  const scopeError = `${idPrefix}-scope-error`;
  return (
    <>
      <div className="field">
        <fieldset
          className="role-list"
          aria-describedby={errors.roles ? rolesError : undefined}
          aria-invalid={errors.roles ? true : undefined}
        >
          <legend>Roles</legend>
          {ROLES.map((r) => (
            <label key={r} className="checkbox">
              <input
                type="checkbox"
                checked={value.roles.includes(r)}
                onChange={(e) => onChange({ ...value, roles: toggle(value.roles, r, e.target.checked) })}
              />
              {r} <span className="muted">({ROLE_HELP[r]})</span>
            </label>
          ))}
        </fieldset>
        {errors.roles && (
          <span id={rolesError} className="field-error">
            {errors.roles}
          </span>
        )}
      </div>
      {value.roles.includes('editor') && (
        <div className="field">
          <label className="checkbox">
            <input type="checkbox" checked={value.limited} onChange={(e) => onChange({ ...value, limited: e.target.checked })} />
            Limit editing to named workflows (a workflow owner edits only their own agents)
          </label>
          {value.limited &&
            (workflows.length === 0 ? (
              <p className="field-hint">This workspace has no workflows yet: add them in the inventory first.</p>
            ) : (
              <fieldset aria-describedby={errors.workflowScope ? scopeError : undefined}>
                <legend>Workflows this person may change</legend>
                <div className="checkbox-grid">
                  {workflows.map((w) => (
                    <label key={w.id} className="checkbox">
                      <input
                        type="checkbox"
                        checked={value.workflowScope.includes(w.id)}
                        onChange={(e) => onChange({ ...value, workflowScope: toggle(value.workflowScope, w.id, e.target.checked) })}
                      />
                      <UserText text={w.name} />
                    </label>
                  ))}
                </div>
              </fieldset>
            ))}
          {errors.workflowScope && (
            <span id={scopeError} className="field-error">
              {errors.workflowScope}
            </span>
          )}
        </div>
      )}
    </>
  );
}
