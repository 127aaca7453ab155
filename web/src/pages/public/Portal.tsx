import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { ProgressPair, useStates } from '../../components/public/shared';
import { EmptyState, Loading, PageTitle, ProblemNotice } from '../../components/ui';
import { plural } from '../../lib/format';
import { label, PLAN_STAGE_LABEL } from '../../lib/labels';

type PlanSummary = Schemas['PublicPlanSummaryDto'];
type Stage = 'adoption' | 'implementation' | 'evaluation' | 'closed';
const PUBLISHED_STAGES: Stage[] = ['adoption', 'implementation', 'evaluation', 'closed'];

/** The visitor's home: published plans, filtered by state and stage and searched by words. */
export function Portal() {
  const [params, setParams] = useSearchParams();
  const state = params.get('estado') ?? '';
  const stage = (PUBLISHED_STAGES as string[]).includes(params.get('etapa') ?? '') ? (params.get('etapa') as Stage) : '';
  const q = params.get('q') ?? '';
  const [draft, setDraft] = useState({ state, stage, q });
  useEffect(() => setDraft({ state, stage, q }), [state, stage, q]);
  const states = useStates();

  const plans = useInfiniteQuery({
    queryKey: ['public-plans', state, stage, q],
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/public/plans', {
          params: { query: { limit: 20, state: state || undefined, stage: stage || undefined, q: q || undefined, cursor: pageParam } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const next = new URLSearchParams();
    if (draft.state) next.set('estado', draft.state);
    if (draft.stage) next.set('etapa', draft.stage);
    if (draft.q.trim()) next.set('q', draft.q.trim());
    setParams(next);
  }

  const items = plans.data?.pages.flatMap((p) => p.items) ?? [];
  const stateName = states.data?.find((s) => s.abbreviation === state || s.code === state)?.name;
  const filtered = Boolean(state || stage || q);

  return (
    <>
      <PageTitle>Planes de acción de gobierno abierto</PageTitle>
      <p className="lead">
        Lo que cada Secretariado Técnico Local se comprometió a hacer y cuánto ha avanzado. El avance verificado cuenta solo los hitos que aprobó el
        órgano garante.
      </p>
      <p className="portal-links">
        <Link to="/tablero">Ver el tablero nacional</Link>
        <Link to="/datos">Descargar los datos abiertos</Link>
      </p>

      <form className="filters" role="search" aria-label="Buscar planes" onSubmit={submit}>
        <div className="field">
          <label htmlFor="field-q">Buscar</label>
          <input id="field-q" name="q" type="search" value={draft.q} maxLength={100} onChange={(e) => setDraft({ ...draft, q: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="field-estado">Estado</label>
          <select id="field-estado" name="estado" value={draft.state} onChange={(e) => setDraft({ ...draft, state: e.target.value })}>
            <option value="">Todos los estados</option>
            {states.data?.map((s) => (
              <option key={s.code} value={s.abbreviation}>
                {s.name}
              </option>
            ))}
            {state && !states.data && <option value={state}>{state}</option>}
          </select>
        </div>
        <div className="field">
          <label htmlFor="field-etapa">Etapa</label>
          <select id="field-etapa" name="etapa" value={draft.stage} onChange={(e) => setDraft({ ...draft, stage: e.target.value as Stage })}>
            <option value="">Todas las etapas</option>
            {PUBLISHED_STAGES.map((s) => (
              <option key={s} value={s}>
                {PLAN_STAGE_LABEL[s]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          Buscar
        </button>
      </form>

      {plans.isPending ? (
        <Loading what="los planes" />
      ) : !plans.data ? (
        <ProblemNotice problem={plans.error} retry={() => void plans.refetch()} />
      ) : (
        <>
          <p role="status" className="result-count">
            {items.length === 0
              ? 'Ningún plan coincide.'
              : `${plural(items.length, 'plan publicado', 'planes publicados')}${plans.hasNextPage ? ' (hay más)' : ''}${stateName ? ` en ${stateName}` : ''}${
                  stage ? `, etapa ${PLAN_STAGE_LABEL[stage].toLowerCase()}` : ''
                }${q ? `, con «${q}»` : ''}.`}
          </p>
          {items.length === 0 ? (
            <EmptyState title={filtered ? 'No hay planes publicados con estos filtros' : 'Todavía no hay planes publicados'}>
              {filtered ? (
                <p>
                  Prueba con otras palabras u otra etapa, o <Link to="/">ve todos los planes</Link>. En el <Link to="/tablero">tablero nacional</Link> puedes ver qué
                  estados tienen secretariado.
                </p>
              ) : (
                <p>Los planes aparecen aquí cuando su secretariado los adopta.</p>
              )}
            </EmptyState>
          ) : (
            <ul className="cards plan-cards">
              {items.map((p) => (
                <PlanCard key={p.id} plan={p} />
              ))}
            </ul>
          )}
          {plans.hasNextPage && (
            <p>
              <button type="button" className="button button-secondary" disabled={plans.isFetchingNextPage} onClick={() => void plans.fetchNextPage()}>
                {plans.isFetchingNextPage ? 'Cargando…' : 'Ver más planes'}
              </button>
            </p>
          )}
          {plans.isFetchNextPageError && <ProblemNotice problem={plans.error} retry={() => void plans.fetchNextPage()} />}
        </>
      )}
    </>
  );
}

function PlanCard({ plan }: { plan: PlanSummary }) {
  const live = plan.progress.commitments - plan.progress.withdrawn;
  return (
    <li className="card">
      <h2>
        <Link to={`/planes/${plan.id}`}>{plan.title}</Link>
      </h2>
      <ul className="meta">
        <li>{plan.state.name}</li>
        <li>
          {plan.periodStart}–{plan.periodEnd}
        </li>
        <li>Etapa: {label(PLAN_STAGE_LABEL, plan.stage)}</li>
      </ul>
      <p className="muted">{plan.secretariat.name}</p>
      <p>
        {plural(plan.progress.commitments, 'compromiso', 'compromisos')}
        {plan.progress.withdrawn > 0 && ` (${plural(plan.progress.withdrawn, 'retirado', 'retirados')})`}
        {live > 0 && plan.progress.byCompletion.complete > 0 && `, ${plural(plan.progress.byCompletion.complete, 'completo', 'completos')}`}
      </p>
      <ProgressPair progress={plan.progress} compact />
    </li>
  );
}
