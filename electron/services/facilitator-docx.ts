import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { DocBlock, FacilitatorDoc } from '../../core/drills/facilitator-doc';

/** A facilitator document (Situation Manual, AAR/IP) as an editable Word file: the same model as its PDF. */
const cell = (text: string, bold = false) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] });

function block(b: DocBlock): (Paragraph | Table)[] {
  switch (b.kind) {
    case 'p':
      return [new Paragraph({ children: [new TextRun({ text: b.text, bold: b.strong ?? false })] })];
    case 'bullets':
      return b.items.map((text) => new Paragraph({ text, bullet: { level: 0 } }));
    case 'table':
      return [
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: [
            new TableRow({ tableHeader: true, children: b.head.map((x) => cell(x, true)) }),
            ...b.rows.map((r) => new TableRow({ children: r.map((x) => cell(x)) })),
          ],
        }),
        new Paragraph({ text: '' }),
      ];
  }
}

export async function renderFacilitatorDocx(d: FacilitatorDoc): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    new Paragraph({ children: [new TextRun({ text: d.kind, bold: true })] }),
    new Paragraph({ text: d.title, heading: HeadingLevel.TITLE }),
    ...d.meta.map((m) => new Paragraph({ text: m })),
  ];
  for (const s of d.sections) {
    children.push(new Paragraph({ text: s.heading, heading: s.level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2 }));
    for (const b of s.blocks) children.push(...block(b));
  }
  const doc = new Document({ creator: 'Agent Readiness', title: `${d.kind}: ${d.title}`, sections: [{ children }] });
  return Buffer.from(await Packer.toBuffer(doc));
}
