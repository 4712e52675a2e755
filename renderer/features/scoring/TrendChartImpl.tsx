import { useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { AREA_LABELS } from './common';

type Point = {
  label: string;
  date: string;
  meanScore: number | null;
  agentScore?: number | null;
  areas: Record<string, number | null>;
  verdicts: { ready: number; conditional: number; 'not-ready': number };
};

const COLORS = ['#c2410c', '#047857', '#7c3aed', '#b91c1c', '#0e7490', '#a16207', '#be185d'];

/**
 * Scores over finalised assessments (plus "now"): the workspace average, optionally each area, or
 * one agent's score. The same numbers are always in the table below the chart.
 */
export function TrendChart({ points, agentName }: { points: Point[]; agentName?: string }) {
  const [showAreas, setShowAreas] = useState(false);
  const areaIds = Object.keys(points.at(-1)?.areas ?? {});
  const data = points.map((p, i) => ({ x: `${i + 1}. ${p.label}`, score: agentName ? (p.agentScore ?? null) : p.meanScore, ...p.areas }));
  const main = agentName ? `${agentName}’s score` : 'Average score';
  const text = points.map((p) => `${p.label} (${p.date}): ${(agentName ? p.agentScore : p.meanScore) ?? 'none'}`).join('; ');
  const id = agentName ? 'agent-trend-title' : 'trend-title';
  return (
    <figure className="card" aria-labelledby={id}>
      <h2 id={id}>{main} over time</h2>
      {!agentName && (
        <label className="checkbox">
          <input type="checkbox" checked={showAreas} onChange={(e) => setShowAreas(e.target.checked)} /> Show each area
        </label>
      )}
      <div className="chart-box" role="img" aria-label={`${main} over time. ${text}.`}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="x" hide />
            <YAxis domain={[0, 100]} />
            <Tooltip />
            {showAreas && <Legend />}
            <Line type="monotone" dataKey="score" name={main} stroke="#3b6fd8" strokeWidth={3} isAnimationActive={false} connectNulls />
            {showAreas &&
              areaIds.map((a, i) => (
                <Line
                  key={a}
                  type="monotone"
                  dataKey={a}
                  name={AREA_LABELS[a] ?? a}
                  stroke={COLORS[i % COLORS.length]}
                  isAnimationActive={false}
                  connectNulls
                />
              ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <div className="table-scroll">
        <table className="data-table small">
          <caption className="sr-only">{main} over time, as a table</caption>
          <thead>
            <tr>
              <th scope="col">Assessment</th>
              <th scope="col">Date</th>
              <th scope="col">{agentName ? 'Score' : 'Average'}</th>
              {!agentName &&
                areaIds.map((a) => (
                  <th scope="col" key={a} title={AREA_LABELS[a]}>
                    {a}
                  </th>
                ))}
              {!agentName && <th scope="col">Ready / Cond. / Not ready</th>}
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={`${p.label}-${p.date}`}>
                <th scope="row">{p.label}</th>
                <td>{p.date}</td>
                <td>{(agentName ? p.agentScore : p.meanScore) ?? '—'}</td>
                {!agentName && areaIds.map((a) => <td key={a}>{p.areas[a] ?? '—'}</td>)}
                {!agentName && (
                  <td>
                    {p.verdicts.ready} / {p.verdicts.conditional} / {p.verdicts['not-ready']}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
