import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

type Point = { label: string; date: string; meanScore: number | null; verdicts: { ready: number; conditional: number; 'not-ready': number } };

/** Workspace score over finalised assessments (plus "now"), with a table alternative. */
export function TrendChart({ points }: { points: Point[] }) {
  const data = points.map((p, i) => ({ x: `${i + 1}. ${p.label}`, score: p.meanScore }));
  const text = points.map((p) => `${p.label} (${p.date}): ${p.meanScore ?? 'no agents'}`).join('; ');
  return (
    <figure className="card" aria-labelledby="trend-title">
      <h2 id="trend-title">Average score over time</h2>
      <div className="chart-box" role="img" aria-label={`Average score over time. ${text}.`}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="x" hide />
            <YAxis domain={[0, 100]} />
            <Tooltip />
            <Line type="monotone" dataKey="score" stroke="#3b6fd8" strokeWidth={2} isAnimationActive={false} connectNulls />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <table className="data-table small">
        <caption className="sr-only">Trend data</caption>
        <thead><tr><th scope="col">Assessment</th><th scope="col">Date</th><th scope="col">Average</th><th scope="col">Ready / Conditional / Not ready</th></tr></thead>
        <tbody>
          {points.map((p) => (
            <tr key={`${p.label}-${p.date}`}><th scope="row">{p.label}</th><td>{p.date}</td><td>{p.meanScore ?? '—'}</td><td>{p.verdicts.ready} / {p.verdicts.conditional} / {p.verdicts['not-ready']}</td></tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
