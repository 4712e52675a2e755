import { formatDuration as formatDurationCommon } from '../common/format-duration';
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

/** 754000 -> "12 min 34 s"; null -> "not reached". The same format as the drill screens (core/common/format-duration). */
export const formatDuration = (ms: number | null): string => formatDurationCommon(ms, 'not reached');

/** Says what the crosswalk counts, so a reader knows a row is a gap, not a pass. */
export const CROSSWALK_NOTE =
  'Each row counts the gaps mapped to a framework item: computed findings, controls a person answered no or partial, and controls nobody evaluated. An item with no row has no known gap; that is not a claim it is met.';
