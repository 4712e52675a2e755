import { PDF_DETAIL_AGENTS, renderReportHtml } from '../../core/report/html';
import { renderReportMarkdown } from '../../core/report/markdown';
import { buildReportModel, type ReportModel } from '../../core/report/model';
import type { reportChannels } from '../../core/transfer/contract';
import { exportFileName } from '../../core/transfer/filename';
import type { OpenWorkspace } from '../store/workspaces';
import type { Handlers } from './handler-types';
import { renderReportDocx } from './report-docx';
import { gatherReportInput } from './report-data';
import { renderPdf, type PdfRenderer } from './report-pdf';

export type ReportFormat = 'pdf' | 'docx' | 'md' | 'json' | 'html';
const MIME: Record<ReportFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  md: 'text/markdown; charset=utf-8',
  json: 'application/json; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

export function reportModelFor(
  ws: Pick<OpenWorkspace, 'id' | 'name' | 'db' | 'dir' | 'file'>,
  now: Date,
  assessmentId: string | null = null,
): ReportModel {
  return buildReportModel(gatherReportInput(ws, now, assessmentId));
}

/** One report file in any format; `pdf` is the calling context's renderer (ctx.pdf). */
export async function produceReport(
  ws: Pick<OpenWorkspace, 'id' | 'name' | 'db' | 'dir' | 'file'>,
  now: Date,
  format: ReportFormat,
  pdf: PdfRenderer,
  assessmentId: string | null = null,
  signal?: AbortSignal,
): Promise<{ fileName: string; mime: string; content: Buffer }> {
  const model = reportModelFor(ws, now, assessmentId);
  const base = `${ws.name} readiness report ${now.toISOString().slice(0, 10)}${model.isDraft ? ' DRAFT' : ''}`;
  let content: Buffer;
  switch (format) {
    case 'html':
      content = Buffer.from(renderReportHtml(model), 'utf8');
      break;
    case 'pdf':
      content = await renderPdf(pdf, renderReportHtml(model, { maxDetailAgents: PDF_DETAIL_AGENTS }), signal);
      break;
    case 'docx':
      content = await renderReportDocx(model);
      break;
    case 'md':
      content = Buffer.from(renderReportMarkdown(model), 'utf8');
      break;
    case 'json':
      content = Buffer.from(`${JSON.stringify(model, null, 2)}\n`, 'utf8');
      break;
  }
  return { fileName: exportFileName(base, format, 'report'), mime: MIME[format], content };
}

/** Exports in progress per workspace, so report:cancel can stop them. */
const running = new Map<string, Set<AbortController>>();

export const reportHandlers: Handlers<typeof reportChannels> = {
  'report:preview': (ctx, { workspaceId, assessmentId }) => {
    const model = reportModelFor(ctx.workspace(workspaceId), ctx.now(), assessmentId);
    return { html: renderReportHtml(model), isDraft: model.isDraft, title: model.title };
  },
  'report:export': async (ctx, { workspaceId, assessmentId, format }) => {
    const ctl = new AbortController();
    const set = running.get(workspaceId) ?? new Set<AbortController>();
    running.set(workspaceId, set.add(ctl));
    try {
      const out = await produceReport(ctx.workspace(workspaceId), ctx.now(), format, ctx.pdf, assessmentId, ctl.signal);
      return { fileName: out.fileName, mime: out.mime, contentBase64: out.content.toString('base64') };
    } finally {
      set.delete(ctl);
    }
  },
  'report:cancel': (_ctx, { workspaceId }) => {
    const set = running.get(workspaceId);
    const n = set?.size ?? 0;
    for (const ctl of set ?? []) ctl.abort();
    set?.clear();
    return { cancelled: n };
  },
};
