import { describe, expect, it } from 'vitest';
import { approvalSubject, canonicalSubject, isMaterialChange, materialChanges, type ApprovalSubject } from '../../../core/approvals/model';

const base: ApprovalSubject = {
  actions: ['read', 'delete'],
  environmentId: 'prod',
  scope: 'invoices/*',
  approvalGate: 'two-person',
  expiresAt: '2026-09-01',
};
const after = (over: Partial<ApprovalSubject>): ApprovalSubject => ({ ...base, ...over });

describe('isMaterialChange: what needs a new approval', () => {
  it('nothing changed: not material', () => {
    expect(isMaterialChange(base, { ...base, actions: ['delete', 'read'] })).toBe(false);
  });
  it('wider actions: material', () => {
    expect(isMaterialChange(base, after({ actions: ['read', 'delete', 'admin'] }))).toBe(true);
    expect(materialChanges(base, after({ actions: ['read', 'delete', 'admin'] }))).toEqual(['adds admin']);
  });
  it('fewer actions: not material', () => {
    expect(isMaterialChange(base, after({ actions: ['read'] }))).toBe(false);
  });
  it('another environment: material', () => {
    expect(isMaterialChange(base, after({ environmentId: 'eu-prod' }))).toBe(true);
  });
  it('a wider scope: material (everything, or a sibling)', () => {
    expect(isMaterialChange(base, after({ scope: '*' }))).toBe(true);
    expect(isMaterialChange(base, after({ scope: '' }))).toBe(true);
    expect(isMaterialChange(base, after({ scope: 'payments/*' }))).toBe(true);
  });
  it('a narrower scope: not material', () => {
    expect(isMaterialChange(base, after({ scope: 'invoices/2026/*' }))).toBe(false);
    expect(isMaterialChange(after({ scope: '*' }), after({ scope: 'invoices/*' }))).toBe(false);
    expect(isMaterialChange(after({ scope: 'invoices/1' }), after({ scope: 'invoices/2' }))).toBe(true);
  });
  it('a later expiry, or none at all: material', () => {
    expect(isMaterialChange(base, after({ expiresAt: '2026-12-01' }))).toBe(true);
    expect(materialChanges(base, after({ expiresAt: null }))).toEqual(['removes the expiry date']);
  });
  it('an earlier expiry, or one added: not material', () => {
    expect(isMaterialChange(base, after({ expiresAt: '2026-07-01' }))).toBe(false);
    expect(isMaterialChange(after({ expiresAt: null }), base)).toBe(false);
  });
  it('a weaker gate: material', () => {
    expect(materialChanges(base, after({ approvalGate: 'single' }))).toEqual(['weakens the gate from two-person to single']);
    expect(isMaterialChange(after({ approvalGate: 'single' }), after({ approvalGate: 'none' }))).toBe(true);
  });
  it('a stronger gate: not material', () => {
    expect(isMaterialChange(after({ approvalGate: 'none' }), base)).toBe(false);
  });
  it('names every reason when several change at once', () => {
    expect(materialChanges(base, after({ environmentId: 'x', approvalGate: 'none', scope: '*' }))).toHaveLength(3);
  });
  it('the canonical subject ignores action order and scope spacing (what the store hashes)', () => {
    const g = {
      actions: ['delete', 'read'] as never,
      environmentId: 'prod',
      scope: ' invoices/* ',
      approvalGate: 'two-person' as const,
      expiresAt: '2026-09-01',
    };
    expect(canonicalSubject(approvalSubject(g))).toBe(canonicalSubject(base));
  });
});
