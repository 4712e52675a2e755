/** Plain-language pieces of the report, for readers who are not engineers. */
const VERBS: Record<string, string> = {
  write: 'change data',
  execute: 'run commands',
  'external-send': 'send data outside the company',
  deploy: 'deploy changes',
  delete: 'delete data',
  payment: 'move money',
  'permission-change': 'change permissions',
  admin: 'administer everything',
};
const ORDER = ['delete', 'payment', 'admin', 'permission-change', 'deploy', 'external-send', 'execute', 'write'];

const joinWords = (w: string[]): string => (w.length <= 1 ? (w[0] ?? '') : `${w.slice(0, -1).join(', ')} and ${w[w.length - 1]}`);

export function riskSentence(r: {
  agentName: string;
  systemName: string;
  environmentName: string;
  actions: string[];
  approvalGate: string;
}): string {
  const verbs = ORDER.filter((a) => r.actions.includes(a)).map((a) => VERBS[a]!);
  const subject = /^the\s/i.test(r.agentName) ? r.agentName : `The ${r.agentName}`;
  const gate =
    r.approvalGate === 'none' ? 'with no approval' : r.approvalGate === 'single' ? 'with a single approver' : 'behind two-person approval';
  return `${subject} can ${joinWords(verbs.length ? verbs : ['read data'])} in ${r.systemName} on ${r.environmentName} ${gate}.`;
}

/** 754000 -> "12 min 34 s"; null -> "not reached". */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return 'not reached';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}
