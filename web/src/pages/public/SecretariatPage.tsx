import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api, call } from '../../api/client';
import { ProgressPair, SECTORS, TableRegion } from '../../components/public/shared';
import { Badge, Breadcrumbs, Loading, PageTitle, ProblemNotice } from '../../components/ui';
import { formatDate, formatDateTime, formatNumber, plural } from '../../lib/format';
import { label, PLAN_STAGE_LABEL, SECRETARIAT_STATUS_LABEL, SECTOR_LABEL } from '../../lib/labels';

/** What each public audit event means, in plain words (the public view carries no data). */
const AUDIT_ACTION_LABEL: Record<string, string> = {
  'secretariat.created': 'Se registró el secretariado',
  'secretariat.transitioned': 'El secretariado cambió de etapa',
  'secretariat.renamed': 'El secretariado cambió de nombre',
  'secretariat.rules_changed': 'Cambiaron los lineamientos',
  'plan.created': 'Se creó el plan de acción',
  'plan.updated': 'Se editó el plan de acción',
  'plan.stage_changed': 'El plan pasó a otra etapa',
  'plan.adopted': 'Se adoptó el plan de acción',
  'commitment.created': 'Se registró un compromiso',
  'commitment.status_changed': 'Un compromiso cambió de estado',
  'commitment.assessed': 'Se evaluó un compromiso',
  'commitment.withdrawn': 'Se retiró un compromiso',
  'milestone.created': 'Se definió un hito',
  'milestone.deleted': 'Se eliminó un hito',
  'milestone.started': 'Comenzó un hito',
  'milestone.submitted': 'Se entregó un hito para revisión',
  'milestone.approved': 'El órgano garante aprobó un hito',
  'milestone.returned': 'El órgano garante devolvió un hito con observaciones',
  'evidence.added': 'Se agregó evidencia',
  'evidence.updated': 'Se editó evidencia',
  'evidence.removed': 'Se retiró evidencia',
  'indicator.created': 'Se definió un indicador',
  'indicator.measured': 'Se registró una medición de un indicador',
  'voting_round.opened': 'Se abrió una votación',
  'ballot.cast': 'Se emitió un voto',
  'voting_round.closed': 'Se cerró una votación',
};

export default function SecretariatPage() {
  const { id = '' } = useParams();
  const secretariat = useQuery({
    queryKey: ['public-secretariat', id],
    queryFn: () => call(api.GET('/api/v1/public/secretariats/{id}', { params: { path: { id } } })),
  });

  if (secretariat.isPending) return <Loading what="el secretariado" />;
  if (secretariat.isError)
    return (
      <>
        <PageTitle>No pudimos mostrar este secretariado</PageTitle>
        <ProblemNotice problem={secretariat.error} retry={() => void secretariat.refetch()} />
        <p>
          <Link to="/">Ver los planes publicados</Link>
        </p>
      </>
    );
  const s = secretariat.data;
  const tz = s.timeZone;
  return (
    <>
      <Breadcrumbs items={[{ to: '/', label: 'Planes de acción' }, { label: s.name }]} />
      <PageTitle>{s.name}</PageTitle>
      <p className="meta">
        <span>
          {s.state.name}
          {s.municipality ? ` · ${s.municipality}` : ''}
        </span>
        <Badge tone={s.status === 'active' || s.status === 'installed' ? 'success' : s.status === 'suspended' || s.status === 'dissolved' ? 'danger' : 'info'}>
          {label(SECRETARIAT_STATUS_LABEL, s.status)}
        </Badge>
      </p>
      <dl className="facts">
        <dt>Declaratoria conjunta</dt>
        <dd>
          {s.declaredAt ? formatDate(s.declaredAt, tz) : 'Sin fecha registrada'}
          {s.declarationDocumentUrl && (
            <>
              {' · '}
              <a href={s.declarationDocumentUrl} rel="noopener noreferrer">
                Ver la declaratoria
              </a>
            </>
          )}
        </dd>
        <dt>Instalación</dt>
        <dd>
          {s.installedAt ? formatDate(s.installedAt, tz) : 'Sin fecha registrada'}
          {s.installationDocumentUrl && (
            <>
              {' · '}
              <a href={s.installationDocumentUrl} rel="noopener noreferrer">
                Ver el acta de instalación
              </a>
            </>
          )}
        </dd>
        {s.status === 'suspended' && (
          <>
            <dt>Suspensión</dt>
            <dd>
              {s.suspendedSector ? `Se retiró el sector ${label(SECTOR_LABEL, s.suspendedSector).toLowerCase()}` : 'Suspendido'}
              {s.suspensionReason ? `: ${s.suspensionReason}` : ''}
            </dd>
          </>
        )}
      </dl>

      <section aria-labelledby="planes">
        <h2 id="planes">Planes de acción publicados</h2>
        <ul className="cards">
          {s.plans.map((p) => (
            <li key={p.id} className="card">
              <h3>
                <Link to={`/planes/${p.id}`}>{p.title}</Link>
              </h3>
              <p className="meta">
                <span>
                  {p.periodStart}–{p.periodEnd}
                </span>
                <span>Etapa: {label(PLAN_STAGE_LABEL, p.stage)}</span>
                <span>{plural(p.progress.commitments, 'compromiso', 'compromisos')}</span>
              </p>
              <ProgressPair progress={p.progress} compact />
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="asientos">
        <h2 id="asientos">Quiénes lo integran</h2>
        <p className="muted">Cada asiento pertenece a una organización; aquí no se muestran datos de personas.</p>
        <div className="sector-columns">
          {SECTORS.map((sector) => {
            const seats = s.seats.filter((seat) => seat.sector === sector);
            return (
              <div key={sector} className="sector-column">
                <h3>
                  {SECTOR_LABEL[sector]} <span className="muted">({plural(seats.length, 'asiento', 'asientos')})</span>
                </h3>
                {seats.length ? (
                  <ul>
                    {seats.map((seat) => (
                      <li key={seat.organization.id}>
                        {seat.organization.name} <span className="muted">desde el {formatDate(seat.since, tz)}</span>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p>Sin asientos ocupados.</p>
                )}
              </div>
            );
          })}
        </div>
      </section>

      <section aria-labelledby="historia">
        <h2 id="historia">Historia del secretariado</h2>
        {s.history.length === 0 ? (
          <p>Sin cambios de etapa registrados.</p>
        ) : (
          <ol className="timeline">
            {s.history.map((h, i) => (
              <li key={i} className="timeline-item">
                <p>
                  <strong>{label(SECRETARIAT_STATUS_LABEL, h.to)}</strong> <span className="muted">(antes: {label(SECRETARIAT_STATUS_LABEL, h.from)})</span>
                </p>
                <p>
                  {formatDate(h.effectiveAt ?? h.at, tz)}
                  {h.sector && ` · sector ${label(SECTOR_LABEL, h.sector).toLowerCase()}`}
                  {h.reason && ` · ${h.reason}`}
                  {h.document && (
                    <>
                      {' · '}
                      <a href={h.document} rel="noopener noreferrer">
                        Documento
                      </a>
                    </>
                  )}
                </p>
              </li>
            ))}
          </ol>
        )}
      </section>

      <AuditTrail secretariatId={s.id} timeZone={tz} />
    </>
  );
}

/** The secretariat's hash chain as the public sees it, with the server's own verification. */
function AuditTrail({ secretariatId, timeZone }: { secretariatId: string; timeZone: string }) {
  const path = { params: { path: { id: secretariatId } } };
  const verify = useQuery({ queryKey: ['audit-verify', secretariatId], queryFn: () => call(api.GET('/api/v1/secretariats/{id}/audit/verify', path)) });
  const trail = useInfiniteQuery({
    queryKey: ['audit', secretariatId],
    queryFn: ({ pageParam }) => call(api.GET('/api/v1/secretariats/{id}/audit', { params: { path: { id: secretariatId }, query: { limit: 50, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    // The audit DTOs declare nullable strings without a type, so the generated type is `{}`.
    getNextPageParam: (last) => (last.nextCursor as string | null) ?? undefined,
  });
  const events = trail.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby="bitacora">
      <h2 id="bitacora">Bitácora verificable</h2>
      <p>
        Cada cambio queda en una cadena de registros: cada uno lleva la huella (SHA-256) del anterior, así que alterar, borrar o reordenar uno rompe la cadena. Se
        muestra qué pasó y cuándo; los datos de personas no se publican.
      </p>
      <div role="status" className="verify">
        {verify.isPending ? (
          <Loading what="la verificación" />
        ) : verify.isError ? (
          <ProblemNotice problem={verify.error} retry={() => void verify.refetch()} />
        ) : verify.data.valid ? (
          <p>
            <Badge tone="success">✓ Verificada</Badge> La cadena completa ({plural(verify.data.events, 'registro', 'registros')}) está íntegra.
          </p>
        ) : (
          <p>
            <Badge tone="danger">✗ No verificada</Badge> La cadena se rompe en un registro ({String(verify.data.firstBrokenEventId)}): fue alterado, borrado o reordenado.
          </p>
        )}
      </div>
      {trail.isPending ? (
        <Loading what="la bitácora" />
      ) : trail.isError ? (
        <ProblemNotice problem={trail.error} retry={() => void trail.refetch()} />
      ) : (
        <>
          <TableRegion label="Registros públicos de la bitácora, del más antiguo al más reciente">
            <table className="audit-table">
              <caption>Registros públicos de la bitácora, del más antiguo al más reciente</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    N.º
                  </th>
                  <th scope="col">Qué pasó y cuándo</th>
                  <th scope="col">Huella</th>
                </tr>
              </thead>
              <tbody>
                {events.map((e) => (
                  <tr key={e.id}>
                    <td className="num">{formatNumber(Number(e.seq))}</td>
                    <td>
                      {AUDIT_ACTION_LABEL[e.action] ?? e.action}
                      <br />
                      <span className="muted">{formatDateTime(e.occurredAt, timeZone)}</span>
                    </td>
                    <td>
                      <code className="hash" title={e.hash}>
                        {e.hash.slice(0, 12)}…
                      </code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
          {trail.hasNextPage && (
            <p>
              <button type="button" className="button button-secondary" disabled={trail.isFetchingNextPage} onClick={() => void trail.fetchNextPage()}>
                {trail.isFetchingNextPage ? 'Cargando…' : 'Ver más registros'}
              </button>
            </p>
          )}
        </>
      )}
    </section>
  );
}
