import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { TrendSeries } from '../../../core/drills/model';

/** TTD/TTC/TTR over successive drills, with the same numbers as a table. Loaded on first use by DrillHistory. */
export function DrillTrendChart({ series }: { series: TrendSeries }) {
  const data = series.points.map((p, i) => ({ x: `${i + 1}. ${p.date}`, TTD: p.ttdMin, TTC: p.ttcMin, TTR: p.ttrMin }));
  const text = series.points
    .map((p) => `${p.date}: TTD ${p.ttdMin ?? 'not reached'}, TTC ${p.ttcMin ?? 'not reached'}, TTR ${p.ttrMin ?? 'not reached'} min`)
    .join('; ');
  const titleId = `trend-${series.key}`;
  return (
    <figure className="card" aria-labelledby={titleId} style={{ margin: '0 0 1rem' }}>
      <figcaption id={titleId}>
        <strong>{series.label}</strong> <span className="muted small">(minutes, scenario clock)</span>
      </figcaption>
      <div className="drill-chart" role="img" aria-label={`TTD, TTC and TTR for ${series.label}. ${text}.`}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: -8 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="x" />
            <YAxis allowDecimals />
            <Tooltip />
            <Legend />
            <Line type="monotone" dataKey="TTD" stroke="#3b6fd8" strokeWidth={2} isAnimationActive={false} connectNulls />
            <Line
              type="monotone"
              dataKey="TTC"
              stroke="#b45309"
              strokeWidth={2}
              strokeDasharray="6 3"
              isAnimationActive={false}
              connectNulls
            />
            <Line
              type="monotone"
              dataKey="TTR"
              stroke="#15803d"
              strokeWidth={2}
              strokeDasharray="2 2"
              isAnimationActive={false}
              connectNulls
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <details>
        <summary>Data table</summary>
        <table className="data-table small">
          <caption className="sr-only">{series.label}: trend data</caption>
          <thead>
            <tr>
              <th scope="col">Drill</th>
              <th scope="col">TTD</th>
              <th scope="col">TTC</th>
              <th scope="col">TTR</th>
            </tr>
          </thead>
          <tbody>
            {series.points.map((p, i) => (
              <tr key={p.drillId}>
                <th scope="row">{`${i + 1}. ${p.date}`}</th>
                <td>{p.ttdMin ?? '—'}</td>
                <td>{p.ttcMin ?? '—'}</td>
                <td>{p.ttrMin ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
