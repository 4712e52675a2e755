import type { OscalFinding, OscalInput } from './input';
import { metadataFor, toolOrigin } from './metadata';
import { line, oscalDay, oscalTime, prose } from './text';

type Uuid = (name: string) => string;

const VERDICT: Record<string, string> = { ready: 'Ready', conditional: 'Conditional', 'not-ready': 'Not ready' };
const subjectOf = (uuid: Uuid, f: { agentId: string }, agents: Map<string, string>) => ({
  'subject-uuid': uuid(`agent:${f.agentId}`),
  type: 'component',
  title: line(agents.get(f.agentId) ?? f.agentId),
});

function riskOf(uuid: Uuid, f: OscalFinding, agentName: string) {
  const accepted = f.status === 'accepted' && f.acceptance;
  return {
    uuid: uuid(`risk:${f.key}`),
    title: prose(`${f.controlId}: ${f.controlTitle} (${agentName})`),
    description: prose(f.message),
    statement: prose(
      accepted
        ? `Accepted by ${f.acceptance!.owner} until ${f.acceptance!.expiresOn}: ${f.acceptance!.reason}`
        : `Open: ${agentName} does not meet ${f.controlId}.`,
    ),
    status: accepted ? 'deviation-approved' : 'open',
    origins: toolOrigin(uuid),
    ...(accepted ? { deadline: oscalDay(f.acceptance!.expiresOn) } : {}),
    'related-observations': [{ 'observation-uuid': uuid(`observation:finding:${f.key}`) }],
  };
}

/**
 * An OSCAL Assessment Results document (1.0.5) for one assessment: one result whose reviewed
 * controls are the checklist's, an observation per agent (its score and verdict) and per finding
 * (with its evidence), a finding per open or accepted finding targeting its control, and a risk for each.
 * Deterministic: every UUID comes from a stable id and every time from the input.
 */
export function buildAssessmentResults(input: OscalInput, uuid: Uuid) {
  const agents = new Map(input.agents.map((a) => [a.id, a.name]));
  const docKey = `${input.workspace.id}:${input.assessment?.id ?? 'draft'}`;
  const collected = oscalTime(input.assessment?.finalisedAt ?? input.generatedAt);
  const agentObservations = input.agents.map((a) => ({
    uuid: uuid(`observation:agent:${a.id}`),
    title: prose(`Readiness of ${a.name}`),
    description: prose(
      `${a.name} (${a.lifecycle}) scored ${a.score}/100: ${VERDICT[a.verdict] ?? a.verdict}.${a.capReasons.length ? ` Capped: ${a.capReasons.join('; ')}` : ''}`,
    ),
    methods: ['TEST'],
    origins: toolOrigin(uuid),
    subjects: [subjectOf(uuid, { agentId: a.id }, agents)],
    collected,
  }));
  const findingObservations = input.findings.map((f) => ({
    uuid: uuid(`observation:finding:${f.key}`),
    title: prose(`${f.controlId}: ${f.controlTitle}`),
    description: prose(f.message),
    methods: ['TEST'],
    origins: toolOrigin(uuid),
    subjects: [subjectOf(uuid, f, agents)],
    ...(f.evidence.length ? { 'relevant-evidence': f.evidence.map((e) => ({ description: prose(e) })) } : {}),
    collected,
  }));
  const findings = input.findings.map((f) => ({
    uuid: uuid(`finding:${f.key}`),
    title: prose(`${f.controlId}: ${f.controlTitle} (${agents.get(f.agentId) ?? f.agentId})`),
    description: prose(f.message),
    origins: toolOrigin(uuid),
    target: {
      type: 'objective-id',
      'target-id': f.controlId,
      status: { state: 'not-satisfied' },
      ...(f.status === 'accepted' ? { remarks: 'The risk of this finding was accepted; see the related risk.' } : {}),
    },
    'related-observations': [{ 'observation-uuid': uuid(`observation:finding:${f.key}`) }],
    'related-risks': [{ 'risk-uuid': uuid(`risk:${f.key}`) }],
  }));
  const risks = input.findings.map((f) => riskOf(uuid, f, agents.get(f.agentId) ?? f.agentId));
  const controls = input.controls.map((c) => ({ 'control-id': c.id }));
  const title = input.assessment ? `Agent readiness assessment: ${input.assessment.title}` : 'Agent readiness assessment (draft)';
  return {
    'assessment-results': {
      uuid: uuid(`assessment-results:${docKey}`),
      metadata: metadataFor(uuid, input, prose(`${title}, ${input.workspace.name}`)),
      'import-ap': {
        href: `urn:agent-readiness:checklist:${encodeURIComponent(input.checklist?.id ?? 'none')}:${encodeURIComponent(input.checklist?.version ?? 'none')}`,
        remarks: 'The assessment plan is the readiness checklist named here; it has no separate OSCAL document.',
      },
      results: [
        {
          uuid: uuid(`result:${docKey}`),
          title: prose(title),
          description: prose(
            `${input.checklist ? `${input.checklist.title} version ${input.checklist.version}` : 'No checklist'}: ${input.agents.length} agent(s), ${input.findings.length} finding(s).`,
          ),
          start: collected,
          'reviewed-controls': {
            'control-selections': [controls.length ? { 'include-controls': controls } : { 'include-all': {} }],
          },
          ...(agentObservations.length + findingObservations.length
            ? { observations: [...agentObservations, ...findingObservations] }
            : {}),
          ...(risks.length ? { risks } : {}),
          ...(findings.length ? { findings } : {}),
        },
      ],
    },
  };
}
