import { useState } from 'react';
import { VERDICT_LABELS, type Verdict } from '../../../core/scoring/types';
import './scoring.css';

export function VerdictBadge({ verdict }: { verdict: Verdict }) {
  return <span className={`verdict verdict-${verdict}`}>{VERDICT_LABELS[verdict]}</span>;
}

export const AREA_LABELS: Record<string, string> = {
  ENV: 'Environment separation',
  APR: 'Approval gates',
  PRM: 'Scoped permissions',
  HITL: 'Human escalation',
  LOG: 'Audit logs',
  REC: 'Tested rollback',
  OWN: 'Named owners',
};

export const ANSWER_LABELS: Record<string, string> = { yes: 'Yes', partial: 'Partial', no: 'No', na: 'n/a' };

export function Delta({ value }: { value: number | null }) {
  if (value === null || value === 0) return <span className="muted">{value === 0 ? '±0' : '—'}</span>;
  return <span className={value > 0 ? 'delta-up' : 'delta-down'}>{value > 0 ? `▲ +${value}` : `▼ ${value}`}</span>;
}

const USER_KEY = 'ar.userName';

/** The name recorded on answers, evidence and assessments (there are no accounts: a local app). */
export function useUserName(): [string, (v: string) => void] {
  const [name, setName] = useState(() => localStorage.getItem(USER_KEY) ?? '');
  return [
    name,
    (v: string) => {
      localStorage.setItem(USER_KEY, v);
      setName(v);
    },
  ];
}

export const todayIso = (): string => new Date().toISOString().slice(0, 10);

export const VERDICT_TEXT: Record<Verdict, string> = VERDICT_LABELS;
