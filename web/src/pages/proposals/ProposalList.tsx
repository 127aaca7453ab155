import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import { RequireSignIn } from '../../auth/RequireSignIn';
import { Breadcrumbs, EmptyState, Loading, PageTitle, ProblemNotice } from '../../components/ui';
import { allows } from '../../lib/actions';
import { formatDate, plural } from '../../lib/format';
import { label, PLAN_STAGE_LABEL, SECTOR_LABEL } from '../../lib/labels';
import { PROPOSAL_STATUS_LABEL, sectorPhrase, StatusBadges } from './proposal-common';
import { useSecretariat } from '../../lib/use-secretariat';

type Status = 'draft' | 'submitted' | 'in_deliberation' | 'in_vote' | 'accepted' | 'rejected' | 'withdrawn' | 'merged';
type Response = 'awaiting' | 'late' | 'answered';
type Sector = 'government' | 'civil_society' | 'guarantor';
const RESPONSE_FILTER: Record<Response, string> = { awaiting: 'Esperan respuesta, en plazo', late: 'Respuesta atrasada', answered: 'Ya respondidas' };

/** A plan's proposals with filters; members start a new one from here. */
export default function ProposalList() {
  return (
    <RequireSignIn>
      <ListScreen />
    </RequireSignIn>
  );
}

function ListScreen() {
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const status = (params.get('estado') ?? '') as Status | '';
  const response = (params.get('respuesta') ?? '') as Response | '';
  const sector = (params.get('sector') ?? '') as Sector | '';
  const [draft, setDraft] = useState({ status, response, sector });
  const plan = useQuery({ queryKey: ['plan', id], queryFn: () => call(api.GET('/api/v1/plans/{id}', { params: { path: { id } } })) });
  const secretariatId = plan.data?.secretariatId;
  const secretariat = useSecretariat(secretariatId);
  const list = useInfiniteQuery({
    queryKey: ['proposals', id, status, response, sector],
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/plans/{id}/proposals', {
          params: { path: { id }, query: { limit: 50, cursor: pageParam, status: status || undefined, response: response || undefined, sector: sector || undefined } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const apply = (e: FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams();
    if (draft.status) next.set('estado', draft.status);
    if (draft.response) next.set('respuesta', draft.response);
    if (draft.sector) next.set('sector', draft.sector);
    setParams(next);
  };
  if (plan.isError)
    return (
      <>
        <PageTitle>Propuestas</PageTitle>
        <ProblemNotice problem={plan.error} />
      </>
    );
  if (plan.isPending) return <Loading what="el plan" />;
  const p = plan.data;
  const tz = secretariat.data?.timeZone;
  const items = list.data?.pages.flatMap((pg) => pg.items) ?? [];
  const filtered = Boolean(status || response || sector);
  return (
    <>
      <Breadcrumbs
        items={[
          { to: '/mis-secretariados', label: 'Mis secretariados' },
          { to: `/mis-secretariados/${p.secretariatId}`, label: secretariat.data?.name ?? 'Secretariado' },
          { to: `/gestion/planes/${p.id}`, label: p.title },
          { label: 'Propuestas' },
        ]}
      />
      <PageTitle>Propuestas del plan</PageTitle>
      <p className="lead">
        {p.title} · etapa {label(PLAN_STAGE_LABEL, p.stage).toLowerCase()}
      </p>
      {allows(p, 'proposal.create') && (
        <p>
          <Link className="button" to={`/gestion/planes/${p.id}/propuestas/nueva`}>
            Nueva propuesta
          </Link>
        </p>
      )}
      {allows(secretariat.data, 'round.open') && (
        <p>
          <Link to={`/gestion/planes/${p.id}/propuestas/respuestas`}>Respuestas razonadas pendientes</Link>
        </p>
      )}

      <form className="filters filters-proposals" aria-label="Filtrar propuestas" onSubmit={apply}>
        <div className="field">
          <label htmlFor="field-estado">Estado</label>
          <select id="field-estado" value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value as Status | '' })}>
            <option value="">Todos</option>
            {Object.entries(PROPOSAL_STATUS_LABEL).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="field-respuesta">Respuesta razonada</label>
          <select id="field-respuesta" value={draft.response} onChange={(e) => setDraft({ ...draft, response: e.target.value as Response | '' })}>
            <option value="">Todas</option>
            {Object.entries(RESPONSE_FILTER).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="field-sector">Sector de quien propone</label>
          <select id="field-sector" value={draft.sector} onChange={(e) => setDraft({ ...draft, sector: e.target.value as Sector | '' })}>
            <option value="">Todos los sectores</option>
            {Object.entries(SECTOR_LABEL).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </div>
        <button className="button" type="submit">
          Filtrar
        </button>
      </form>

      {list.isPending ? (
        <Loading what="las propuestas" />
      ) : list.isError ? (
        <ProblemNotice problem={list.error} retry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title={filtered ? 'Ninguna propuesta coincide con estos filtros.' : 'Todavía no hay propuestas en este plan.'}>
          {filtered ? (
            <Link to={`/gestion/planes/${p.id}/propuestas`}>Ver todas las propuestas</Link>
          ) : allows(p, 'proposal.create') ? (
            <p>Escribe la primera con «Nueva propuesta».</p>
          ) : (
            <p>Las propuestas se reciben cuando el plan está en consulta.</p>
          )}
        </EmptyState>
      ) : (
        <>
          <p className="result-count" role="status">
            {plural(items.length, 'propuesta', 'propuestas')}
            {list.hasNextPage ? ' (hay más)' : ''}
          </p>
          <ul className="cards proposal-cards">
            {items.map((x) => (
              <li key={x.id} className="card">
                <h2>
                  <Link to={`/propuestas/${x.id}`}>{x.title}</Link>
                </h2>
                <p className="meta">
                  <StatusBadges proposal={x} timeZone={tz} />
                </p>
                <p className="meta">
                  <span>{sectorPhrase(x.authorSector)}</span>
                  <span>{x.submittedAt ? `Enviada el ${formatDate(x.submittedAt, tz)}` : `Creada el ${formatDate(x.createdAt, tz)}`}</span>
                </p>
              </li>
            ))}
          </ul>
          {list.hasNextPage && (
            <button type="button" className="button button-secondary" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
              {list.isFetchingNextPage ? 'Cargando…' : 'Ver más propuestas'}
            </button>
          )}
        </>
      )}
    </>
  );
}
