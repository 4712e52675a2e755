import { bidiSegments, hasBidiControls } from '../../core/common/bidi';

/**
 * Text a user typed or a file carried (names, titles, notes), shown safely: isolated with `<bdi>`
 * so its direction cannot reorder the labels around it, and with every bidi control shown as a
 * visible marker, so "invoice\u202Egpj.exe" cannot pass for "invoiceexe.jpg".
 */
export function UserText({ text }: { text: string | null | undefined }) {
  const s = text ?? '';
  if (!hasBidiControls(s)) return <bdi>{s}</bdi>;
  return (
    <bdi>
      {bidiSegments(s).map((seg, i) =>
        seg.control ? (
          <abbr key={i} className="bidi-control" title={`Hidden direction control ${seg.codePoint} (${seg.name}) in this text`}>
            {seg.text}
          </abbr>
        ) : (
          seg.text
        ),
      )}
    </bdi>
  );
}
