import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, call } from '../../api/client';
import { RequireSignIn } from '../../auth/RequireSignIn';
import { Breadcrumbs, ErrorSummary, Field, Loading, PageTitle, ProblemNotice } from '../../components/ui';
import { allows } from '../../lib/actions';
import { INEQUALITY_LABEL, OGP_VALUE_LABEL } from '../../lib/labels';
import { useSubmit } from '../../lib/use-submit';
import { FIELD_HINT, FIELD_LABEL, INEQUALITY_FOCUS, OGP_VALUES, OrganizationSearch, sdgName, useOrganizationNames, type Organization, type Proposal } from './proposal-common';
import { useSecretariat } from '../../lib/use-secretariat';

type OgpValue = (typeof OGP_VALUES)[number];
type Focus = (typeof INEQUALITY_FOCUS)[number];

interface Draft {
  title: string;
  publicProblem: string;
  statusQuo: string;
  description: string;
  howItSolves: string;
  ogpValues: OgpValue[];
  sdgs: number[];
  inequalityFocus: Focus[];
  inequalityFocusDetail: string;
  lead: Organization | null;
  coResponsible: Organization[];
}

const EMPTY: Draft = {
  title: '',
  publicProblem: '',
  statusQuo: '',
  description: '',
  howItSolves: '',
  ogpValues: [],
  sdgs: [],
  inequalityFocus: [],
  inequalityFocusDetail: '',
  lead: null,
  coResponsible: [],
};

/** A new proposal for a plan (`/gestion/planes/:id/propuestas/nueva`). */
export function NewProposal() {
  return (
    <RequireSignIn>
      <NewScreen />
    </RequireSignIn>
  );
}

/** Editing a proposal (`/propuestas/:id/editar`): drafts freely, after submission as a revision. */
export function EditProposal() {
  return (
    <RequireSignIn>
      <EditScreen />
    </RequireSignIn>
  );
}

export default NewProposal;

function usePlanContext(planId: string | undefined) {
  const plan = useQuery({
    queryKey: ['plan', planId],
    queryFn: () => call(api.GET('/api/v1/plans/{id}', { params: { path: { id: planId! } } })),
    enabled: Boolean(planId),
  });
  const secretariatId = plan.data?.secretariatId;
  const secretariat = useSecretariat(secretariatId);
  return { plan, secretariat };
}

function NewScreen() {
  const { id = '' } = useParams();
  const { plan, secretariat } = usePlanContext(id);
  if (plan.isPending) return <Loading what="el plan" />;
  if (plan.isError)
    return (
      <>
        <PageTitle>Nueva propuesta</PageTitle>
        <ProblemNotice problem={plan.error} />
      </>
    );
  const p = plan.data;
  return (
    <>
      <Breadcrumbs
        items={[
          { to: `/gestion/planes/${p.id}`, label: p.title },
          { to: `/gestion/planes/${p.id}/propuestas`, label: 'Propuestas' },
          { label: 'Nueva propuesta' },
        ]}
      />
      <PageTitle>Nueva propuesta</PageTitle>
      {!allows(p, 'proposal.create') ? (
        <div className="notice">
          <p>Este plan no recibe propuestas nuevas en este momento.</p>
          <Link to={`/gestion/planes/${p.id}/propuestas`}>Ver las propuestas del plan</Link>
        </div>
      ) : (
        <>
          <p>
            Sigue la plantilla de compromisos de la Alianza para el Gobierno Abierto. Se guarda como <strong>borrador</strong>: solo tu organización lo ve hasta que lo envíes al
            Secretariado.
          </p>
          <ProposalFields initial={EMPTY} planId={p.id} stateCode={secretariat.data?.stateCode} />
        </>
      )}
    </>
  );
}

function EditScreen() {
  const { id = '' } = useParams();
  const proposal = useQuery({ queryKey: ['proposal', id], queryFn: () => call(api.GET('/api/v1/proposals/{id}', { params: { path: { id } } })) });
  const { secretariat } = usePlanContext(proposal.data?.planId);
  const orgs = useOrganizationNames([proposal.data?.leadAgencyId, ...(proposal.data?.coResponsibleOrganizationIds ?? [])]);
  if (proposal.isPending) return <Loading what="la propuesta" />;
  if (proposal.isError)
    return (
      <>
        <PageTitle>Editar la propuesta</PageTitle>
        <ProblemNotice problem={proposal.error} />
      </>
    );
  const p = proposal.data;
  const wanted = [p.leadAgencyId, ...p.coResponsibleOrganizationIds];
  const namesReady = wanted.every((x) => orgs.has(x));
  return (
    <>
      <Breadcrumbs
        items={[
          { to: `/gestion/planes/${p.planId}/propuestas`, label: 'Propuestas' },
          { to: `/propuestas/${p.id}`, label: p.title },
          { label: 'Editar' },
        ]}
      />
      <PageTitle>Editar la propuesta</PageTitle>
      {!allows(p, 'proposal.update') ? (
        <div className="notice">
          <p>Esta propuesta ya no puede editarse, o no te corresponde editarla.</p>
          <Link to={`/propuestas/${p.id}`}>Volver a la propuesta</Link>
        </div>
      ) : !namesReady ? (
        <Loading what="las organizaciones" />
      ) : (
        <>
          {p.status !== 'draft' && <p className="notice">La propuesta ya se envió: cada cambio queda registrado como una nueva versión que todas las personas integrantes pueden ver.</p>}
          <ProposalFields initial={fromProposal(p, orgs)} proposal={p} stateCode={secretariat.data?.stateCode} />
        </>
      )}
    </>
  );
}

function fromProposal(p: Proposal, orgs: Map<string, Organization>): Draft {
  return {
    title: p.title,
    publicProblem: p.publicProblem,
    statusQuo: p.statusQuo,
    description: p.description,
    howItSolves: p.howItSolves,
    ogpValues: p.ogpValues,
    sdgs: p.sdgs,
    inequalityFocus: p.inequalityFocus,
    inequalityFocusDetail: p.inequalityFocusDetail ?? '',
    lead: orgs.get(p.leadAgencyId) ?? null,
    coResponsible: p.coResponsibleOrganizationIds.map((x) => orgs.get(x)).filter((o): o is Organization => Boolean(o)),
  };
}

function toggle<T>(list: T[], item: T, on: boolean): T[] {
  return on ? (list.includes(item) ? list : [...list, item]) : list.filter((x) => x !== item);
}

/** The template's fields; saves a draft (new) or the changes (edit) and opens the proposal. */
function ProposalFields({ initial, planId, proposal, stateCode }: { initial: Draft; planId?: string; proposal?: Proposal; stateCode?: string }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [d, setD] = useState<Draft>(initial);
  const save = useSubmit(async () => {
    const body = {
      title: d.title,
      publicProblem: d.publicProblem,
      statusQuo: d.statusQuo,
      description: d.description,
      howItSolves: d.howItSolves,
      ogpValues: d.ogpValues,
      sdgs: [...d.sdgs].sort((a, b) => a - b),
      inequalityFocus: d.inequalityFocus,
      leadAgencyId: d.lead?.id as string,
      coResponsibleOrganizationIds: d.coResponsible.map((o) => o.id),
    };
    const detail = d.inequalityFocusDetail.trim();
    let saved: Proposal;
    if (proposal) {
      saved = await call(
        api.PATCH('/api/v1/proposals/{id}', {
          params: { path: { id: proposal.id } },
          body: { ...body, version: proposal.version, inequalityFocusDetail: detail ? detail : d.inequalityFocus.includes('other') ? '' : null },
        }),
      );
    } else {
      saved = await call(
        api.POST('/api/v1/plans/{id}/proposals', {
          params: { path: { id: planId! } },
          body: { ...body, ...(detail || d.inequalityFocus.includes('other') ? { inequalityFocusDetail: detail } : {}) },
        }),
      );
    }
    await queryClient.invalidateQueries({ queryKey: ['proposals', saved.planId] });
    await queryClient.invalidateQueries({ queryKey: ['proposal', saved.id] });
    await queryClient.invalidateQueries({ queryKey: ['revisions', saved.id] });
    void navigate(`/propuestas/${saved.id}`, { state: { notice: proposal ? 'Se guardaron los cambios de la propuesta.' : 'Se guardó el borrador de tu propuesta. Cuando esté lista, envíala al Secretariado.' } });
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void save.submit();
  };
  const errors = save.fieldErrors;
  return (
    <form onSubmit={onSubmit} noValidate className="proposal-form">
      {save.problem && <ErrorSummary message={save.message} errors={errors} labels={FIELD_LABEL} />}
      <TemplateFields draft={d} onChange={setD} errors={errors} stateCode={stateCode} />
      <div className="actions">
        <button className="button" type="submit" disabled={save.busy}>
          {save.busy ? 'Guardando…' : proposal ? 'Guardar cambios' : 'Guardar borrador'}
        </button>
        <Link className="button button-secondary" to={proposal ? `/propuestas/${proposal.id}` : `/gestion/planes/${planId}/propuestas`}>
          Cancelar
        </Link>
      </div>
    </form>
  );
}

/** The OGP template's fields, as written in a proposal; a commitment's edit and modification forms reuse them. */
export interface TemplateDraft {
  title: string;
  publicProblem: string;
  statusQuo: string;
  description: string;
  howItSolves: string;
  ogpValues: string[];
  sdgs: number[];
  inequalityFocus: string[];
  /** Proposals only: commitments carry no detail for «Otro». */
  inequalityFocusDetail?: string;
  lead: Organization | null;
  coResponsible: Organization[];
}

/**
 * The template's fields with the API's message beside each (`errors` by field name); `labels`
 * overrides the names (a commitment is not a «propuesta»).
 */
export function TemplateFields<T extends TemplateDraft>({
  draft: d,
  onChange,
  errors,
  stateCode,
  labels = {},
}: {
  draft: T;
  onChange: (update: (d: T) => T) => void;
  errors: Record<string, string>;
  stateCode?: string;
  labels?: Record<string, string>;
}) {
  const set =
    <K extends keyof TemplateDraft>(key: K) =>
    (value: TemplateDraft[K]) =>
      onChange((x) => ({ ...x, [key]: value }) as T);
  const L = { ...FIELD_LABEL, ...labels };
  const withDetail = d.inequalityFocusDetail !== undefined;
  const text = (name: 'title' | 'publicProblem' | 'statusQuo' | 'description' | 'howItSolves', multiline = true) => (
    <Field name={name} label={L[name]} hint={FIELD_HINT[name]} multiline={multiline} value={d[name]} onChange={set(name)} error={errors[name]} required />
  );
  return (
    <>
      {text('title', false)}
      {text('publicProblem')}
      {text('statusQuo')}
      {text('description')}
      {text('howItSolves')}

      <CheckGroup name="ogpValues" legend={L.ogpValues} hint={FIELD_HINT.ogpValues} error={errors.ogpValues}>
        {OGP_VALUES.map((v) => (
          <Check key={v} id={`ogp-${v}`} label={OGP_VALUE_LABEL[v]} checked={d.ogpValues.includes(v)} onChange={(on) => set('ogpValues')(toggle(d.ogpValues, v, on))} />
        ))}
      </CheckGroup>

      <CheckGroup name="sdgs" legend={L.sdgs} hint={FIELD_HINT.sdgs} error={errors.sdgs} columns>
        {Array.from({ length: 17 }, (_, i) => i + 1).map((n) => (
          <Check key={n} id={`sdg-${n}`} label={sdgName(n)} checked={d.sdgs.includes(n)} onChange={(on) => set('sdgs')(toggle(d.sdgs, n, on))} />
        ))}
      </CheckGroup>

      <CheckGroup name="inequalityFocus" legend={L.inequalityFocus} hint={FIELD_HINT.inequalityFocus} error={errors.inequalityFocus}>
        {INEQUALITY_FOCUS.map((v) => (
          <Check key={v} id={`focus-${v}`} label={INEQUALITY_LABEL[v]} checked={d.inequalityFocus.includes(v)} onChange={(on) => set('inequalityFocus')(toggle(d.inequalityFocus, v, on))} />
        ))}
      </CheckGroup>
      {withDetail && (d.inequalityFocus.includes('other') || errors.inequalityFocusDetail) && (
        <Field
          name="inequalityFocusDetail"
          label={L.inequalityFocusDetail}
          hint={FIELD_HINT.inequalityFocusDetail}
          value={d.inequalityFocusDetail ?? ''}
          onChange={set('inequalityFocusDetail')}
          error={errors.inequalityFocusDetail}
        />
      )}

      <div className={`field${errors.leadAgencyId ? ' field-error' : ''}`}>
        {d.lead ? (
          <>
            <p className="field-label" id="lead-label">
              {L.leadAgencyId}
            </p>
            {errors.leadAgencyId && (
              <p className="error-message" id="field-leadAgencyId" tabIndex={-1}>
                <span className="visually-hidden">Error: </span>
                {errors.leadAgencyId}
              </p>
            )}
            <p className="picked">
              <strong>{d.lead.name}</strong>{' '}
              <button type="button" className="text-button" onClick={() => set('lead')(null)}>
                Cambiar<span className="visually-hidden"> la dependencia responsable</span>
              </button>
            </p>
          </>
        ) : (
          <OrganizationSearch name="leadAgencyId" label={L.leadAgencyId} hint={FIELD_HINT.leadAgencyId} error={errors.leadAgencyId} stateCode={stateCode} sector="government" onPick={set('lead')} />
        )}
      </div>

      <div className={`field${errors.coResponsibleOrganizationIds ? ' field-error' : ''}`}>
        <OrganizationSearch
          name="coResponsibleOrganizationIds"
          label={L.coResponsibleOrganizationIds}
          hint={FIELD_HINT.coResponsibleOrganizationIds}
          error={errors.coResponsibleOrganizationIds}
          stateCode={stateCode}
          exclude={d.coResponsible.map((o) => o.id)}
          onPick={(o) => set('coResponsible')([...d.coResponsible, o])}
        />
        {d.coResponsible.length > 0 && (
          <ul className="picked-list" aria-label="Organizaciones corresponsables elegidas">
            {d.coResponsible.map((o) => (
              <li key={o.id}>
                <span>{o.name}</span>{' '}
                <button type="button" className="text-button" onClick={() => set('coResponsible')(d.coResponsible.filter((x) => x.id !== o.id))}>
                  Quitar<span className="visually-hidden"> {o.name}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>

    </>
  );
}

function CheckGroup({ name, legend, hint, error, columns, children }: { name: string; legend: string; hint?: string; error?: string; columns?: boolean; children: ReactNode }) {
  const hintId = useId();
  const errorId = useId();
  return (
    <fieldset
      id={`field-${name}`}
      tabIndex={-1}
      className={`field${error ? ' field-error' : ''}`}
      aria-describedby={[hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined}
    >
      <legend>{legend}</legend>
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="error-message">
          <span className="visually-hidden">Error: </span>
          {error}
        </p>
      )}
      <div className={columns ? 'check-columns' : undefined}>{children}</div>
    </fieldset>
  );
}

function Check({ id, label, checked, onChange }: { id: string; label: string; checked: boolean; onChange: (on: boolean) => void }) {
  return (
    <div className="checkbox">
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}
