import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, call, currentAccessToken, type Schemas } from '../../api/client';
import { RequireSignIn } from '../../auth/RequireSignIn';
import { useSession } from '../../auth/session';
import { TableRegion } from '../../components/public/shared';
import { Badge, Confirmation, EmptyState, ErrorSummary, Field, Loading, PageTitle, ProblemNotice } from '../../components/ui';
import { formatDateTime, formatNumber } from '../../lib/format';
import { label, SECRETARIAT_STATUS_LABEL, SECTOR_LABEL } from '../../lib/labels';
import { useSubmit } from '../../lib/use-submit';
import { SECTORS } from './admin-common';
import { Organizations } from './Organizations';

/** The national team's page (platform admins): every secretariat, a new one and its first coordinator, organizations, reminders. */
export default function PlatformAdmin() {
  return (
    <RequireSignIn>
      <Screen />
    </RequireSignIn>
  );
}

function Screen() {
  const session = useSession();
  const states = useQuery({ queryKey: ['states'], queryFn: () => call(api.GET('/api/v1/states')), staleTime: Infinity });
  if (!session.user?.isPlatformAdmin)
    return (
      <>
        <PageTitle>Administración de la plataforma</PageTitle>
        <p className="notice notice-error">Esta página es para la administración de la plataforma (equipo nacional).</p>
      </>
    );
  return (
    <>
      <PageTitle>Administración de la plataforma</PageTitle>
      <p>
        Equipo nacional: todos los secretariados, su alta con su primera coordinación, el catálogo de organizaciones y los recordatorios.{' '}
        <Link to="/tablero">Ver el tablero nacional</Link>
      </p>
      <SecretariatsTable states={states.data ?? []} />
      <NewSecretariat states={states.data ?? []} />
      <Organizations canManage states={states.data ?? []} />
      <Reminders />
    </>
  );
}

function SecretariatsTable({ states }: { states: Schemas['StateDto'][] }) {
  const [state, setState] = useState('');
  const [status, setStatus] = useState('');
  const list = useQuery({
    queryKey: ['secretariats', 'all', state, status],
    queryFn: () =>
      call(api.GET('/api/v1/secretariats', { params: { query: { limit: 100, state: state || undefined, status: (status || undefined) as Schemas['SecretariatDto']['status'] | undefined } } })),
    staleTime: 0,
  });
  return (
    <section aria-labelledby="secretariados">
      <h2 id="secretariados">Secretariados por estado y etapa</h2>
      <form className="filters" aria-label="Filtrar secretariados" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="filtro-estado">Estado</label>
          <select id="filtro-estado" value={state} onChange={(e) => setState(e.target.value)}>
            <option value="">Todos</option>
            {states.map((st) => (
              <option key={st.code} value={st.code}>
                {st.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filtro-etapa">Etapa</label>
          <select id="filtro-etapa" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">Todas</option>
            {Object.entries(SECRETARIAT_STATUS_LABEL).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </div>
      </form>
      {list.isPending ? (
        <Loading what="los secretariados" />
      ) : list.isError ? (
        <ProblemNotice problem={list.error} />
      ) : list.data.items.length === 0 ? (
        <EmptyState title="No hay secretariados con estos filtros" />
      ) : (
        <TableRegion label="Secretariados">
          <table>
            <caption>Secretariados ({list.data.items.length})</caption>
            <thead>
              <tr>
                <th scope="col">Estado</th>
                <th scope="col">Secretariado</th>
                <th scope="col">Etapa</th>
              </tr>
            </thead>
            <tbody>
              {[...list.data.items]
                .sort((a, b) => a.stateName.localeCompare(b.stateName, 'es') || a.name.localeCompare(b.name, 'es'))
                .map((s) => (
                  <tr key={s.id}>
                    <td>{s.stateName}</td>
                    <td>
                      <Link to={`/mis-secretariados/${s.id}/administracion`}>{s.name}</Link>
                    </td>
                    <td>{label(SECRETARIAT_STATUS_LABEL, s.status)}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </TableRegion>
      )}
    </section>
  );
}

function NewSecretariat({ states }: { states: Schemas['StateDto'][] }) {
  const qc = useQueryClient();
  const [stateCode, setStateCode] = useState('');
  const [municipality, setMunicipality] = useState('');
  const [created, setCreated] = useState<Schemas['SecretariatDto'] | null>(null);
  const [invite, setInvite] = useState({ email: '', sector: 'government' });
  const [invited, setInvited] = useState('');
  const create = useSubmit(async () => {
    const s = await call(api.POST('/api/v1/secretariats', { body: { stateCode, ...(municipality.trim() ? { municipality: municipality.trim() } : {}) } }));
    setCreated(s);
    await qc.invalidateQueries({ queryKey: ['secretariats'] });
  });
  const send = useSubmit(async () => {
    await call(
      api.POST('/api/v1/secretariats/{id}/invitations', {
        params: { path: { id: created!.id } },
        body: { email: invite.email.trim(), role: 'facilitator', sector: invite.sector as Schemas['CreateInvitationDto']['sector'], isCoordinator: true } as Schemas['CreateInvitationDto'],
      }),
    );
    setInvited(invite.email.trim());
  });
  return (
    <section aria-labelledby="nuevo-secretariado">
      <h2 id="nuevo-secretariado">Registrar un secretariado</h2>
      {!created ? (
        <form
          className="admin-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void create.submit();
          }}
        >
          {create.problem && <ErrorSummary message={create.message} errors={create.fieldErrors} labels={{ stateCode: 'Estado', municipality: 'Municipio' }} />}
          <p>Empieza como grupo promotor. Después invita a su primera coordinación, que lo instala desde su página de administración.</p>
          <div className="field">
            <label htmlFor="field-stateCode">Estado</label>
            <select id="field-stateCode" value={stateCode} onChange={(e) => setStateCode(e.target.value)}>
              <option value="">Elige un estado</option>
              {states.map((st) => (
                <option key={st.code} value={st.code}>
                  {st.name}
                </option>
              ))}
            </select>
          </div>
          <Field name="municipality" label="Municipio (solo para un secretariado municipal)" value={municipality} onChange={setMunicipality} error={create.fieldErrors.municipality} />
          <button type="submit" className="button" disabled={create.busy}>
            Registrar el secretariado
          </button>
        </form>
      ) : (
        <>
          <Confirmation>
            <p>
              Registramos «{created.name}» como grupo promotor. <Link to={`/mis-secretariados/${created.id}/administracion`}>Administrarlo</Link>
            </p>
          </Confirmation>
          {invited ? (
            <p role="status">Enviamos la invitación a {invited}: cuando la acepte, coordinará el secretariado.</p>
          ) : (
            <form
              className="admin-form"
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                void send.submit();
              }}
            >
              <h3>Invitar a su primera coordinación</h3>
              {send.problem && <ErrorSummary message={send.message} errors={send.fieldErrors} labels={{ email: 'Correo electrónico', sector: 'Sector' }} />}
              <Field name="coordinator-email" type="email" label="Correo electrónico de la coordinación" value={invite.email} onChange={(v) => setInvite((f) => ({ ...f, email: v }))} error={send.fieldErrors.email} />
              <div className="field">
                <label htmlFor="field-coordinator-sector">Sector por el que participa</label>
                <select id="field-coordinator-sector" value={invite.sector} onChange={(e) => setInvite((f) => ({ ...f, sector: e.target.value }))}>
                  {SECTORS.map((x) => (
                    <option key={x} value={x}>
                      {label(SECTOR_LABEL, x)}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" className="button" disabled={send.busy}>
                Invitar a la coordinación
              </button>
            </form>
          )}
        </>
      )}
    </section>
  );
}

const REMINDER_STATUS_LABEL: Record<string, string> = { pending: 'Pendientes', enqueued: 'En cola', sent: 'Enviados', cancelled: 'Cancelados', skipped: 'Omitidos' };

function Reminders() {
  const data = useQuery({ queryKey: ['admin-reminders'], queryFn: () => call(api.GET('/api/v1/admin/reminders')), staleTime: 0 });
  return (
    <section aria-labelledby="recordatorios">
      <h2 id="recordatorios">Recordatorios y correos</h2>
      {data.isPending ? (
        <Loading what="los recordatorios" />
      ) : data.isError ? (
        <ProblemNotice problem={data.error} retry={() => void data.refetch()} />
      ) : (
        <>
          <p>
            Cola de trabajos: {data.data.backend === 'redis' ? 'Redis' : 'PostgreSQL (sin Redis)'}.{' '}
            {data.data.backend === 'redis' ? (
              <a href="/admin/queues" onClick={(e) => { e.currentTarget.href = `/admin/queues?token=${encodeURIComponent(currentAccessToken() ?? '')}`; }}>
                Abrir el tablero de colas
              </a>
            ) : (
              'El tablero de colas solo existe con Redis.'
            )}
          </p>
          <dl className="facts">
            {Object.entries(data.data.counts).map(([k, n]) => (
              <div key={k}>
                <dt>{REMINDER_STATUS_LABEL[k] ?? k}</dt>
                <dd>{formatNumber(n)}</dd>
              </div>
            ))}
            <div>
              <dt>Atrasados</dt>
              <dd>{data.data.lateCount > 0 ? <Badge tone="danger">{formatNumber(data.data.lateCount)}</Badge> : '0'}</dd>
            </div>
            <div>
              <dt>Correos fallidos</dt>
              <dd>{data.data.emails.failed > 0 ? <Badge tone="danger">{formatNumber(data.data.emails.failed)}</Badge> : '0'}</dd>
            </div>
            <div>
              <dt>Correos por enviar</dt>
              <dd>{formatNumber(data.data.emails.pending)}</dd>
            </div>
          </dl>
          {data.data.late.length > 0 && (
            <TableRegion label="Recordatorios atrasados">
              <table>
                <caption>Recordatorios atrasados (los 20 más antiguos)</caption>
                <thead>
                  <tr>
                    <th scope="col">Tipo</th>
                    <th scope="col">Debía salir</th>
                    <th scope="col" className="num">Intentos</th>
                    <th scope="col">Último error</th>
                  </tr>
                </thead>
                <tbody>
                  {data.data.late.map((r) => (
                    <tr key={r.id}>
                      <td>{r.kind}</td>
                      <td>{formatDateTime(r.fireAt)}</td>
                      <td className="num">{r.attempts}</td>
                      <td>{r.lastError ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableRegion>
          )}
          <p className="muted">El reconciliador vuelve a encolar cada minuto los recordatorios atrasados; no hace falta reintentarlos a mano.</p>
        </>
      )}
    </section>
  );
}
