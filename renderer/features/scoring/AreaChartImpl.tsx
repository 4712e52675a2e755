import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { AREA_LABELS } from './common';

type Props = { areas: { area: string; score: number | null }[]; title: string };

/** Bar chart of area scores, with the same numbers as a table for screen readers. */
export function AreaChart({ areas, title }: Props) {
  const data = areas.map((a) => ({ name: a.area, label: AREA_LABELS[a.area] ?? a.area, score: a.score ?? 0, na: a.score === null }));
  const summary = areas.map((a) => `${AREA_LABELS[a.area] ?? a.area}: ${a.score === null ? 'not applicable' : a.score}`).join('; ');
  const weakest = [...areas].filter((a) => a.score !== null).sort((x, y) => (x.score ?? 0) - (y.score ?? 0))[0];
  return (
    <figure className="card" aria-labelledby="area-chart-title">
      <h2 id="area-chart-title">{title}</h2>
      <div className="chart-box" role="img" aria-label={`${title}. ${summary}.`}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="name" />
            <YAxis domain={[0, 100]} />
            <Tooltip formatter={(v) => [`${String(v)} / 100`, 'Score']} labelFormatter={(n) => AREA_LABELS[String(n)] ?? String(n)} />
            <Bar dataKey="score" fill="#3b6fd8" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="small muted">
        {weakest ? `Weakest area: ${AREA_LABELS[weakest.area] ?? weakest.area} (${weakest.score}).` : 'No area applies yet.'}
      </figcaption>
      <table className="sr-only">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Area</th>
            <th scope="col">Score</th>
          </tr>
        </thead>
        <tbody>
          {areas.map((a) => (
            <tr key={a.area}>
              <th scope="row">{AREA_LABELS[a.area] ?? a.area}</th>
              <td>{a.score ?? 'n/a'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
