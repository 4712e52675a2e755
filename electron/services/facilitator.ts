/**
 * Facilitator materials: the Situation Manual of a scenario and the AAR/IP of a drill. One document
 * model (core/drills/situation-manual.ts, aar-ip.ts) rendered to DOCX here or to PDF through the
 * context's PDF port, like the readiness report.
 */
import { AppError } from '../../core/common/errors';
import { buildAarIp } from '../../core/drills/aar-ip';
import type { facilitatorChannels } from '../../core/drills/facilitator-contract';
import { renderFacilitatorHtml, type FacilitatorDoc } from '../../core/drills/facilitator-doc';
import { buildSituationManual } from '../../core/drills/situation-manual';
import { renderScenario, templateValues } from '../../core/drills/template';
import { exportFileName } from '../../core/transfer/filename';
import { findScenario, isLoaded } from '../store/drills/scenarios';
import { readInventory } from '../store/inventory/snapshot';
import type { ServiceContext } from './context';
import { drillView, loadDrill } from './drills-session';
import { renderFacilitatorDocx } from './facilitator-docx';
import type { Handlers } from './handler-types';
import { liveFireStatus } from './live-fire-handlers';
import { renderPdf } from './report-pdf';

const MIME = { pdf: 'application/pdf', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' } as const;

async function produce(ctx: ServiceContext, doc: FacilitatorDoc, base: string, format: 'docx' | 'pdf') {
  const content = format === 'docx' ? await renderFacilitatorDocx(doc) : await renderPdf(ctx.pdf, renderFacilitatorHtml(doc));
  return { fileName: exportFileName(base, format, 'drill'), mime: MIME[format], contentBase64: content.toString('base64') };
}

export const facilitatorHandlers: Handlers<typeof facilitatorChannels> = {
  'drills:situation-manual': async (ctx, { workspaceId, scenarioId, drillId, agentIds, format }) => {
    const ws = ctx.workspace(workspaceId);
    const generatedAt = ctx.now().toISOString();
    let doc: FacilitatorDoc;
    if (drillId) {
      const { rec } = loadDrill(ctx, ws, drillId);
      doc = buildSituationManual({
        scenario: rec.scenario,
        targets: rec.summary.agents.map((a) => a.name),
        participants: rec.summary.participants,
        generatedAt,
      });
    } else {
      const s = findScenario(ws.db, scenarioId);
      if (!s) throw new AppError('NOT_FOUND', `No scenario "${scenarioId}".`);
      if (!isLoaded(s)) throw new AppError('REFUSED', `The scenario file "${scenarioId}" is invalid: ${s.problem}`);
      const inv = readInventory(ws.db);
      const rendered = renderScenario(s.scenario, templateValues(inv, agentIds, s.scenario.systemKinds)).scenario;
      const targets = agentIds.map((id) => inv.agents.find((a) => a.id === id)?.name ?? id);
      doc = buildSituationManual({ scenario: rendered, targets, participants: [], generatedAt });
    }
    return produce(ctx, doc, `Situation Manual ${doc.title}`, format);
  },

  'drills:aar-ip': async (ctx, { workspaceId, drillId, format }) => {
    const ws = ctx.workspace(workspaceId);
    const view = drillView(ctx, ws, drillId);
    const lf = view.scenario.sandbox ? liveFireStatus(ctx, ws, drillId, 0) : null;
    const doc = buildAarIp(view, lf, ctx.now().toISOString());
    return produce(ctx, doc, `AAR-IP ${doc.title} ${(view.drill.completedAt ?? view.drill.createdAt).slice(0, 10)}`, format);
  },
};
