import type { RiskLevel } from '../../core/inventory/risk';

const LABEL: Record<RiskLevel, string> = { none: 'No access', low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' };

/** Colour plus text (never colour alone), so the level reads in greyscale and to screen readers. */
export function RiskBadge({ level, reason }: { level: RiskLevel; reason?: string }) {
  return (
    <span className={`risk risk-${level}`} title={reason}>
      {LABEL[level]}
    </span>
  );
}
