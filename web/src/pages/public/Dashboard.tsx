import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { Link } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { approvedShare, stateSummary, type StateRow } from '../../components/public/state-status';
import { TableRegion } from '../../components/public/shared';
import { Loading, PageTitle, ProblemNotice } from '../../components/ui';
import { formatNumber, formatPercent } from '../../lib/format';
import { label, SECRETARIAT_STATUS_LABEL } from '../../lib/labels';

// The map's paths weigh more than the rest of the page: they load after the figures.
const MexicoMap = lazy(() => import('../../components/public/MexicoMap'));

type Totals = Schemas['NationalTotalsDto'];

const FIGURES: { key: keyof Totals; label: string }[] = [
  { key: 'statesParticipating', label: 'Estados participantes' },
  { key: 'secretariatsInstalled', label: 'Secretariados Técnicos Locales instalados' },
  { key: 'actionPlans', label: 'Planes de acción publicados' },
  { key: 'commitments', label: 'Compromisos' },
  { key: 'civilSocietyOrganizations', label: 'Organizaciones de la sociedad civil' },
  { key: 'authorities', label: 'Autoridades' },
  { key: 'guarantorBodies', label: 'Órganos garantes' },
];

type SortKey = 'name' | 'status' | 'plans' | 'commitments' | 'approved' | 'overdue' | 'civil' | 'authorities' | 'guarantors';

const COLUMNS: { key: SortKey; label: string; num: boolean; value: (s: StateRow) => number | string }[] = [
  { key: 'name', label: 'Estado', num: false, value: (s) => s.name },
  { key: 'status', label: 'Secretariado', num: false, value: (s) => (s.secretariatStatus ? label(SECRETARIAT_STATUS_LABEL, s.secretariatStatus) : s.participating ? 'Municipal' : 'Sin secretariado') },
  { key: 'plans', label: 'Planes', num: true, value: (s) => s.actionPlans },
  { key: 'commitments', label: 'Compromisos', num: true, value: (s) => s.commitments.total },
  { key: 'approved', label: 'Hitos aprobados', num: true, value: (s) => approvedShare(s) ?? -1 },
  { key: 'overdue', label: 'Hitos vencidos', num: true, value: (s) => s.milestones.overdue },
  { key: 'civil', label: 'OSC', num: true, value: (s) => s.organizations.civilSociety },
  { key: 'authorities', label: 'Autoridades', num: true, value: (s) => s.organizations.authorities },
  { key: 'guarantors', label: 'Órganos garantes', num: true, value: (s) => s.organizations.guarantorBodies },
];

export default function Dashboard() {
  const dashboard = useQuery({ queryKey: ['dashboard-national'], queryFn: () => call(api.GET('/api/v1/dashboard/national')) });
  return (
    <>
      <PageTitle>Tablero nacional</PageTitle>
      <p className="lead">Las cifras de gobierno abierto local en México, calculadas en este momento a partir de lo que registran los secretariados.</p>
      {dashboard.isPending ? (
        <Loading what="el tablero" />
      ) : dashboard.isError ? (
        <ProblemNotice problem={dashboard.error} retry={() => void dashboard.refetch()} />
      ) : (
        <>
          <section aria-labelledby="resultados">
            <h2 id="resultados">Resultados</h2>
            <dl className="figures">
              {FIGURES.map((f) => (
                <div key={f.key} className="figure">
                  <dt>{f.label}</dt>
                  <dd data-figure={f.key}>{formatNumber(dashboard.data.totals[f.key])}</dd>
                </div>
              ))}
            </dl>
          </section>
          <section aria-labelledby="mapa" className="no-print">
            <h2 id="mapa">Mapa por estado</h2>
            <p>Elige un estado para ver sus planes de acción. La tabla de abajo tiene la misma información.</p>
            <Suspense fallback={<Loading what="el mapa" />}>
              <MexicoMap states={dashboard.data.states} />
            </Suspense>
          </section>
          <StateTable states={dashboard.data.states} />
        </>
      )}
    </>
  );
}

function StateTable({ states }: { states: StateRow[] }) {
  const [sort, setSort] = useState<{ key: SortKey; dir: 'ascending' | 'descending' }>({ key: 'name', dir: 'ascending' });
  const column = COLUMNS.find((c) => c.key === sort.key)!;
  const rows = [...states].sort((a, b) => {
    const va = column.value(a);
    const vb = column.value(b);
    const cmp = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb), 'es-MX');
    return (sort.dir === 'ascending' ? cmp : -cmp) || a.name.localeCompare(b.name, 'es-MX');
  });
  const toggle = (key: SortKey) =>
    setSort((s) => (s.key === key ? { key, dir: s.dir === 'ascending' ? 'descending' : 'ascending' } : { key, dir: COLUMNS.find((c) => c.key === key)!.num ? 'descending' : 'ascending' }));
  return (
    <section aria-labelledby="por-estado">
      <h2 id="por-estado">Por estado</h2>
      <p aria-live="polite">
        Ordenado por {column.label.toLowerCase()}, {sort.dir === 'ascending' ? 'de menor a mayor' : 'de mayor a menor'}. Usa los botones de los encabezados
        para ordenar.
      </p>
      <p className="scroll-hint">En un teléfono, desliza la tabla hacia un lado para ver todas las columnas.</p>
      <TableRegion label="Tabla por estado">
        <table className="state-table">
          <caption>Los 32 estados</caption>
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th key={c.key} scope="col" className={c.num ? 'num' : undefined} aria-sort={sort.key === c.key ? sort.dir : undefined}>
                  <button type="button" onClick={() => toggle(c.key)}>
                    {c.label}
                    <span aria-hidden="true" className="sort-mark">
                      {sort.key === c.key ? (sort.dir === 'ascending' ? '\u00a0▲' : '\u00a0▼') : '\u00a0↕'}
                    </span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => {
              const share = approvedShare(s);
              return (
                <tr key={s.code} data-state-code={s.code}>
                  <th scope="row">
                    <Link to={`/?estado=${s.abbreviation}`}>{s.name}</Link>
                    <span className="visually-hidden">: {stateSummary(s)}</span>
                  </th>
                  <td>{COLUMNS[1].value(s)}</td>
                  <td className="num">{formatNumber(s.actionPlans)}</td>
                  <td className="num">{formatNumber(s.commitments.total)}</td>
                  <td className="num">
                    {share === null ? '—' : `${formatNumber(s.milestones.approved)} de ${formatNumber(s.milestones.total)} (${formatPercent(Math.floor(share))})`}
                  </td>
                  <td className="num">{formatNumber(s.milestones.overdue)}</td>
                  <td className="num">{formatNumber(s.organizations.civilSociety)}</td>
                  <td className="num">{formatNumber(s.organizations.authorities)}</td>
                  <td className="num">{formatNumber(s.organizations.guarantorBodies)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableRegion>
    </section>
  );
}
