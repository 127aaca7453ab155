// What the proposal screens share: the template's fields in plain words, state labels, badges
// for the response deadline, and organization names from the catalogue.
import { useQueries, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { Badge } from '../../components/ui';
import { deadlinePhrase, formatDateTime } from '../../lib/format';
import { INEQUALITY_LABEL, label, OGP_VALUE_LABEL, SECTOR_LABEL } from '../../lib/labels';

export type Proposal = Schemas['ProposalDto'];
export type Organization = Schemas['OrganizationDto'];

export const PROPOSAL_STATUS_LABEL: Record<string, string> = {
  draft: 'Borrador',
  submitted: 'Enviada, espera respuesta razonada',
  in_deliberation: 'Lista para votación',
  in_vote: 'En votación',
  accepted: 'Aceptada',
  rejected: 'No aceptada',
  withdrawn: 'Retirada',
  merged: 'Integrada en otra propuesta',
};

export const DECISION_LABEL: Record<string, string> = {
  accept_for_vote: 'Pasa a votación',
  merge: 'Se integra en otra propuesta',
  decline: 'No se acepta',
};

/** The OGP template in the words a person filling it reads (labels double as error-summary names). */
export const FIELD_LABEL: Record<string, string> = {
  title: 'Nombre de la propuesta',
  publicProblem: 'El problema público',
  statusQuo: 'Cómo está hoy (línea base)',
  description: 'Qué se propone (el compromiso)',
  howItSolves: 'Cómo ayuda a resolver el problema',
  ogpValues: 'Valores de gobierno abierto',
  sdgs: 'Objetivos de Desarrollo Sostenible (ODS)',
  inequalityFocus: 'Enfoque de igualdad',
  inequalityFocusDetail: 'Qué otro grupo',
  leadAgencyId: 'Dependencia responsable',
  coResponsibleOrganizationIds: 'Organizaciones corresponsables',
};

export const FIELD_HINT: Record<string, string> = {
  title: 'Un nombre corto que diga qué se quiere lograr. Por ejemplo: «Padrón abierto de beneficiarios de programas sociales».',
  publicProblem: '¿Qué problema vive la gente? Escríbelo como lo explicarías a una vecina: a quién afecta y por qué importa.',
  statusQuo: '¿Qué existe hoy sobre este problema? Datos, programas o reglas actuales. Es el punto de partida para medir el avance.',
  description: '¿Qué se va a hacer? Una acción concreta que el gobierno pueda cumplir y que se pueda verificar.',
  howItSolves: '¿Por qué esta acción ayuda a resolver el problema? Explica la relación entre lo que se hará y el cambio esperado.',
  ogpValues: 'Marca los que aplican. Debe incluir al menos uno de los tres primeros; «Tecnología e innovación» sola no basta.',
  sdgs: 'Opcional. Los Objetivos de Desarrollo Sostenible de la ONU a los que contribuye.',
  inequalityFocus: 'Opcional. ¿A qué grupos en desventaja beneficia en especial?',
  inequalityFocusDetail: 'Describe el grupo, en pocas palabras.',
  leadAgencyId: 'La dependencia o ente de gobierno que se haría cargo. Escribe parte de su nombre y elígela de la lista.',
  coResponsibleOrganizationIds: 'Opcional. Otras organizaciones que participarían (de gobierno, de la sociedad civil o el órgano garante).',
};

export const OGP_VALUES = ['access_to_information', 'civic_participation', 'public_accountability', 'technology_innovation'] as const;
export const INEQUALITY_FOCUS = ['gender', 'indigenous_peoples', 'disability', 'rural', 'youth', 'other'] as const;

export const SDG_LABEL: Record<number, string> = {
  1: 'Fin de la pobreza',
  2: 'Hambre cero',
  3: 'Salud y bienestar',
  4: 'Educación de calidad',
  5: 'Igualdad de género',
  6: 'Agua limpia y saneamiento',
  7: 'Energía asequible y no contaminante',
  8: 'Trabajo decente y crecimiento económico',
  9: 'Industria, innovación e infraestructura',
  10: 'Reducción de las desigualdades',
  11: 'Ciudades y comunidades sostenibles',
  12: 'Producción y consumo responsables',
  13: 'Acción por el clima',
  14: 'Vida submarina',
  15: 'Vida de ecosistemas terrestres',
  16: 'Paz, justicia e instituciones sólidas',
  17: 'Alianzas para lograr los objetivos',
};
export const sdgName = (n: number) => `ODS ${n}: ${SDG_LABEL[n] ?? ''}`;

/** The proposal's state, and for submitted ones how its reasoned response stands. */
export function StatusBadges({ proposal, timeZone }: { proposal: Proposal; timeZone?: string }) {
  const p = proposal;
  return (
    <>
      <Badge tone={p.status === 'accepted' ? 'success' : p.status === 'rejected' ? 'danger' : p.status === 'draft' || p.status === 'withdrawn' ? 'neutral' : 'info'}>
        {label(PROPOSAL_STATUS_LABEL, p.status)}
      </Badge>
      {p.responseState === 'late' && <Badge tone="danger">Respuesta atrasada</Badge>}
      {p.responseState === 'awaiting' && p.responseDueAt && (
        <Badge tone="warning">
          Respuesta {deadlinePhrase(p.responseDueAt, new Date(), { future: 'vence', past: 'venció' })}
          <span className="visually-hidden"> ({formatDateTime(p.responseDueAt, timeZone)})</span>
        </Badge>
      )}
    </>
  );
}

export const sectorPhrase = (sector: string) => `Sector ${label(SECTOR_LABEL, sector).toLowerCase()}`;

/** Names for organization ids (the catalogue is public and cached). */
export function useOrganizationNames(ids: (string | null | undefined)[]): Map<string, Organization> {
  const unique = [...new Set(ids.filter((x): x is string => Boolean(x)))];
  const results = useQueries({
    queries: unique.map((id) => ({
      queryKey: ['organization', id],
      queryFn: () => call(api.GET('/api/v1/organizations/{id}', { params: { path: { id } } })),
      staleTime: 10 * 60_000,
    })),
  });
  const out = new Map<string, Organization>();
  results.forEach((r) => r.data && out.set(r.data.id, r.data));
  return out;
}

export const valuesText = (p: Pick<Proposal, 'ogpValues'>) => p.ogpValues.map((v) => label(OGP_VALUE_LABEL, v)).join(', ');
export const focusText = (p: Pick<Proposal, 'inequalityFocus' | 'inequalityFocusDetail'>) =>
  p.inequalityFocus.length ? `${p.inequalityFocus.map((v) => label(INEQUALITY_LABEL, v)).join(', ')}${p.inequalityFocusDetail ? ` — ${p.inequalityFocusDetail}` : ''}` : 'Ninguno';

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/**
 * Search the catalogue by part of a name and pick one: the results are buttons (big targets),
 * never an id to type. Limited to the secretariat's state, and to one sector when given.
 */
export function OrganizationSearch({
  name,
  label: fieldLabel,
  hint,
  error,
  stateCode,
  sector,
  exclude = [],
  onPick,
}: {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  stateCode?: string;
  sector?: 'government' | 'civil_society' | 'guarantor';
  exclude?: string[];
  onPick: (org: Organization) => void;
}) {
  const [q, setQ] = useState('');
  const term = useDebounced(q.trim(), 250);
  const hintId = useId();
  const errorId = useId();
  const resultsId = useId();
  const results = useQuery({
    queryKey: ['organizations', term, stateCode, sector],
    queryFn: () => call(api.GET('/api/v1/organizations', { params: { query: { q: term, state: stateCode, sector, limit: 8 } } })),
    enabled: term.length >= 2 && Boolean(stateCode),
  });
  const items = (results.data?.items ?? []).filter((o) => !exclude.includes(o.id));
  return (
    <div className="org-search">
      <label htmlFor={`field-${name}`}>{fieldLabel}</label>
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
      <input
        id={`field-${name}`}
        type="search"
        value={q}
        maxLength={100}
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={[hint ? hintId : '', error ? errorId : '', resultsId].filter(Boolean).join(' ')}
        onChange={(e) => setQ(e.target.value)}
      />
      <div id={resultsId} aria-live="polite">
        {term.length >= 2 && results.isSuccess && items.length === 0 && <p className="muted">No encontramos organizaciones con «{term}» en este estado.</p>}
        {items.length > 0 && (
          <ul className="pick-list" aria-label={`Resultados para «${term}»`}>
            {items.map((o) => (
              <li key={o.id}>
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => {
                    onPick(o);
                    setQ('');
                  }}
                >
                  Elegir {o.name}
                  <span className="visually-hidden"> ({label(SECTOR_LABEL, o.sector)})</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
