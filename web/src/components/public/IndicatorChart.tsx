import type { Schemas } from '../../api/client';
import type { ReactNode } from 'react';
import { formatCalendarDate, formatNumber } from '../../lib/format';
import { TableRegion } from './shared';

type Indicator = Schemas['PublicIndicatorDto'];

// Narrow enough that its 14-unit text stays legible when a phone scales it down.
const W = 420;
const H = 240;
const PAD = { top: 20, right: 12, bottom: 36, left: 44 };

const dayOf = (date: string) => Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10));
const shortDate = (date: string) =>
  new Intl.DateTimeFormat('es-MX', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(dayOf(date)));

function niceCeil(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  return ([1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((m) => m * p >= v) ?? 10) * p;
}

/**
 * Measurements over time against the baseline and the target, drawn by hand (no chart
 * library). Lines are told apart by dash pattern and direct labels, not colour alone; the
 * table beside it holds the same numbers for screen readers and printing.
 */
export function IndicatorChart({ indicator }: { indicator: Indicator }) {
  const unit = indicator.unit === '%' ? ' %' : indicator.unit ? ` ${indicator.unit}` : '';
  const points = indicator.measurements.map((m) => ({ t: dayOf(m.measuredOn), v: m.value, date: m.measuredOn }));
  const dates = [indicator.baselineDate, indicator.targetDate, ...indicator.measurements.map((m) => m.measuredOn)].filter((d): d is string => !!d);
  const times = dates.map(dayOf);
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const values = [indicator.baseline, indicator.target, ...points.map((p) => p.v)];
  const lo = Math.min(0, ...values);
  // Headroom above the highest value so its label fits, rounded to a readable 1-2-5 step.
  const hi = niceCeil(Math.max(...values) * 1.1 || 1);
  const x = (t: number) => PAD.left + (t1 > t0 ? ((t - t0) / (t1 - t0)) * (W - PAD.left - PAD.right) : (W - PAD.left - PAD.right) / 2);
  const y = (v: number) => PAD.top + (1 - (v - lo) / (hi - lo || 1)) * (H - PAD.top - PAD.bottom);
  const ticks = [lo, lo + (hi - lo) / 2, hi];
  const latest = indicator.latest;
  const summary = `${indicator.name}: línea base ${formatNumber(indicator.baseline, 2)}${unit}, meta ${formatNumber(indicator.target, 2)}${unit}${
    latest ? `, última medición ${formatNumber(latest.value, 2)}${unit} el ${formatCalendarDate(latest.measuredOn)}` : ', sin mediciones todavía'
  }.`;
  return (
    <figure className="indicator-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary} preserveAspectRatio="xMidYMid meet">
        {ticks.map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} className="chart-grid" />
            <text x={PAD.left - 8} y={y(v) + 5} textAnchor="end" className="chart-axis">
              {formatNumber(v, 1)}
            </text>
          </g>
        ))}
        <line x1={PAD.left} x2={W - PAD.right} y1={y(indicator.baseline)} y2={y(indicator.baseline)} className="chart-baseline" />
        <text x={W - PAD.right} y={y(indicator.baseline) - 6} textAnchor="end" className="chart-label">
          Línea base {formatNumber(indicator.baseline, 2)}
        </text>
        <line x1={PAD.left} x2={W - PAD.right} y1={y(indicator.target)} y2={y(indicator.target)} className="chart-target" />
        <text x={W - PAD.right} y={y(indicator.target) - 6} textAnchor="end" className="chart-label">
          Meta {formatNumber(indicator.target, 2)}
        </text>
        {points.length > 1 && <polyline points={points.map((p) => `${x(p.t)},${y(p.v)}`).join(' ')} className="chart-line" />}
        {points.map((p) => (
          <g key={p.date}>
            <circle cx={x(p.t)} cy={y(p.v)} r={5} className="chart-point" />
            <text x={x(p.t)} y={y(p.v) - 10} textAnchor="middle" className="chart-value">
              {formatNumber(p.v, 1)}
            </text>
          </g>
        ))}
        <text x={PAD.left} y={H - 12} className="chart-axis">
          {dates.length ? shortDate(dates[times.indexOf(t0)]) : ''}
        </text>
        <text x={W - PAD.right} y={H - 12} textAnchor="end" className="chart-axis">
          {dates.length ? shortDate(dates[times.indexOf(t1)]) : ''}
        </text>
      </svg>
      <figcaption className="chart-legend">
        <span className="legend-item">
          <svg width="28" height="10" aria-hidden="true">
            <line x1="0" x2="28" y1="5" y2="5" className="chart-line" />
            <circle cx="14" cy="5" r="4" className="chart-point" />
          </svg>
          Mediciones
        </span>
        <span className="legend-item">
          <svg width="28" height="10" aria-hidden="true">
            <line x1="0" x2="28" y1="5" y2="5" className="chart-baseline" />
          </svg>
          Línea base (guiones)
        </span>
        <span className="legend-item">
          <svg width="28" height="10" aria-hidden="true">
            <line x1="0" x2="28" y1="5" y2="5" className="chart-target" />
          </svg>
          Meta (puntos)
        </span>
      </figcaption>
    </figure>
  );
}

/** An indicator with its figures, chart and measurements table; `children` (e.g. a measurement form) go at its end. */
export function IndicatorBlock({ indicator: i, headingLevel = 3, children }: { indicator: Indicator; headingLevel?: 2 | 3; children?: ReactNode }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const unit = i.unit === '%' ? ' %' : ` ${i.unit}`;
  return (
    <section className="indicator" aria-labelledby={`ind-${i.id}`}>
      <Heading id={`ind-${i.id}`}>{i.name}</Heading>
      <p>{i.description}</p>
      <p className="meta">
        <span>
          Línea base: {formatNumber(i.baseline, 2)}
          {unit}
          {i.baselineDate && ` (${formatCalendarDate(i.baselineDate)})`}
        </span>
        <span>
          Meta: {formatNumber(i.target, 2)}
          {unit}
          {i.targetDate && ` (${formatCalendarDate(i.targetDate)})`}
        </span>
      </p>
      <IndicatorChart indicator={i} />
      {i.measurements.length === 0 ? (
        <p>Todavía no hay mediciones.</p>
      ) : (
        <TableRegion label={`Mediciones de «${i.name}»`}>
          <table>
            <caption>Mediciones de «{i.name}»</caption>
            <thead>
              <tr>
                <th scope="col">Fecha</th>
                <th scope="col" className="num">
                  Valor ({i.unit})
                </th>
                <th scope="col">Fuente</th>
              </tr>
            </thead>
            <tbody>
              {i.measurements.map((m) => (
                <tr key={m.measuredOn + m.value}>
                  <td>{formatCalendarDate(m.measuredOn)}</td>
                  <td className="num">{formatNumber(m.value, 2)}</td>
                  <td>
                    {m.sourceUrl ? (
                      <a href={m.sourceUrl} rel="noopener noreferrer">
                        {m.source}
                      </a>
                    ) : (
                      m.source
                    )}
                    {m.note && <span className="muted"> — {m.note}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      {children}
    </section>
  );
}
