import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router';
import { api, call } from '../../api/client';
import { RequireSignIn } from '../../auth/RequireSignIn';
import { TableRegion } from '../../components/public/shared';
import { Badge, Breadcrumbs, EmptyState, Loading, PageTitle, ProblemNotice } from '../../components/ui';
import { formatDateTime, formatNumber, plural } from '../../lib/format';
import { useSecretariat } from '../../lib/use-secretariat';

/** Every kind of subject the API records, in plain words (the filter's options). */
export const AUDIT_SUBJECT_LABEL: Record<string, string> = {
  secretariat: 'Secretariado',
  seat: 'Asientos',
  membership: 'Integrantes',
  invitation: 'Invitaciones',
  organization: 'Organizaciones',
  action_plan: 'Planes de acción',
  proposal: 'Propuestas',
  proposal_comment: 'Comentarios',
  voting_round: 'Votaciones',
  commitment: 'Compromisos',
  modification_request: 'Solicitudes de modificación',
  milestone: 'Hitos',
  evidence: 'Evidencia',
  indicator: 'Indicadores',
  progress_report: 'Informes de avance',
};

/** What each event means, in plain words. */
export const AUDIT_ACTION_LABEL: Record<string, string> = {
  'secretariat.created': 'Se registró el secretariado',
  'secretariat.transitioned': 'El secretariado cambió de etapa',
  'secretariat.renamed': 'El secretariado cambió de nombre',
  'secretariat.rules_changed': 'Cambiaron los lineamientos',
  'seat.created': 'Se creó un asiento',
  'seat.vacated': 'Se desocupó un asiento',
  'seat.reassigned': 'Un asiento pasó a otra organización',
  'invitation.created': 'Se envió una invitación',
  'invitation.revoked': 'Se revocó una invitación',
  'invitation.accepted': 'Se aceptó una invitación',
  'membership.started': 'Alguien se integró al secretariado',
  'membership.ended': 'Terminó la participación de alguien',
  'membership.updated': 'Cambió la coordinación',
  'organization.created': 'Se registró una organización',
  'organization.updated': 'Se editó una organización',
  'plan.created': 'Se creó el plan de acción',
  'plan.updated': 'Se editó el plan de acción',
  'plan.stage_changed': 'El plan pasó a otra etapa',
  'plan.adopted': 'Se adoptó el plan de acción',
  'proposal.created': 'Se escribió una propuesta',
  'proposal.submitted': 'Se envió una propuesta',
  'proposal.withdrawn': 'Se retiró una propuesta',
  'proposal.responded': 'El secretariado respondió una propuesta',
  'proposal.accepted': 'Se aceptó una propuesta',
  'proposal.rejected': 'Se rechazó una propuesta',
  'comment.created': 'Se comentó',
  'comment.edited': 'Se editó un comentario',
  'comment.deleted': 'Se borró un comentario',
  'comment.hidden': 'Se ocultó un comentario',
  'voting_round.opened': 'Se abrió una votación',
  'ballot.cast': 'Se emitió un voto',
  'voting_round.closed': 'Se cerró una votación',
  'commitment.created': 'Se registró un compromiso',
  'commitment.status_changed': 'Un compromiso cambió de estado',
  'commitment.assessed': 'Se evaluó un compromiso',
  'commitment.withdrawn': 'Se retiró un compromiso',
  'modification_request.created': 'Se pidió modificar un compromiso',
  'modification_request.cancelled': 'Se canceló una solicitud de modificación',
  'modification_request.round_linked': 'Una solicitud de modificación pasó a votación',
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
  'progress_report.created': 'Se escribió un informe de avance',
  'progress_report.updated': 'Se corrigió un informe de avance',
  'progress_report.commented': 'Se comentó un informe de avance',
};

/** The secretariat's audit trail as its members see it, filtered, with the chain's verification. */
export default function AuditTrailPage() {
  return (
    <RequireSignIn>
      <AuditTrailScreen />
    </RequireSignIn>
  );
}

function AuditTrailScreen() {
  const { id = '' } = useParams();
  const secretariat = useSecretariat(id);
  const [subjectType, setSubjectType] = useState('');
  const [action, setAction] = useState('');
  const verify = useQuery({
    queryKey: ['audit-verify', id],
    queryFn: () => call(api.GET('/api/v1/secretariats/{id}/audit/verify', { params: { path: { id } } })),
    staleTime: 0,
  });
  const trail = useInfiniteQuery({
    queryKey: ['audit', id, 'member', subjectType, action],
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/secretariats/{id}/audit', {
          params: { path: { id }, query: { limit: 25, cursor: pageParam, subjectType: subjectType || undefined, action: action || undefined } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => (last.nextCursor as string | null) ?? undefined,
    staleTime: 0,
  });
  if (secretariat.isPending) return <Loading what="el secretariado" />;
  if (secretariat.isError)
    return (
      <>
        <PageTitle>Bitácora</PageTitle>
        <ProblemNotice problem={secretariat.error} />
      </>
    );
  const s = secretariat.data;
  const tz = s.timeZone;
  const events = trail.data?.pages.flatMap((p) => p.items) ?? [];
  const broken = verify.data && !verify.data.valid ? String(verify.data.firstBrokenEventId) : null;
  const actions = Object.entries(AUDIT_ACTION_LABEL).filter(([key]) => !subjectType || key.startsWith(`${subjectType.replace('action_plan', 'plan').replace('proposal_comment', 'comment')}.`));
  return (
    <>
      <Breadcrumbs items={[{ to: '/mis-secretariados', label: 'Mis secretariados' }, { to: `/mis-secretariados/${id}`, label: s.name }, { label: 'Bitácora' }]} />
      <PageTitle>Bitácora del secretariado</PageTitle>
      <p>
        Cada cambio en el secretariado queda en una cadena de registros: cada uno lleva la huella (SHA-256) del anterior, así que alterar, borrar o reordenar uno
        rompe la cadena y la verificación lo encuentra.
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
          <div className="notice notice-error">
            <p>
              <Badge tone="danger">✗ Cadena rota</Badge> Un registro fue alterado, borrado o reordenado después de escribirse: la bitácora ya no prueba lo que pasó a
              partir de él.
            </p>
            <p>Avisa al órgano garante y a la administración de la plataforma. El registro donde se rompe está marcado en la tabla.</p>
          </div>
        )}
      </div>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filtrar la bitácora">
        <div className="field">
          <label htmlFor="filtro-asunto">Asunto</label>
          <select
            id="filtro-asunto"
            value={subjectType}
            onChange={(e) => {
              setSubjectType(e.target.value);
              setAction('');
            }}
          >
            <option value="">Todos</option>
            {Object.entries(AUDIT_SUBJECT_LABEL).map(([key, text]) => (
              <option key={key} value={key}>
                {text}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filtro-accion">Acción</label>
          <select id="filtro-accion" value={action} onChange={(e) => setAction(e.target.value)}>
            <option value="">Todas</option>
            {actions.map(([key, text]) => (
              <option key={key} value={key}>
                {text}
              </option>
            ))}
          </select>
        </div>
      </form>
      {trail.isPending ? (
        <Loading what="la bitácora" />
      ) : trail.isError ? (
        <ProblemNotice problem={trail.error} retry={() => void trail.refetch()} />
      ) : events.length === 0 ? (
        <EmptyState title="No hay registros con estos filtros">Quita un filtro para ver más.</EmptyState>
      ) : (
        <>
          <TableRegion label="Registros de la bitácora, del más antiguo al más reciente">
            <table className="audit-table">
              <caption>Registros de la bitácora, del más antiguo al más reciente</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    N.º
                  </th>
                  <th scope="col">Qué pasó y cuándo</th>
                  <th scope="col">Asunto</th>
                  <th scope="col">Huella</th>
                </tr>
              </thead>
              <tbody>
                {events.map((e) => (
                  <tr key={e.id} className={broken === e.id ? 'row-broken' : undefined}>
                    <td className="num">{formatNumber(Number(e.seq))}</td>
                    <td>
                      {AUDIT_ACTION_LABEL[e.action] ?? e.action}
                      {broken === e.id && (
                        <>
                          {' '}
                          <Badge tone="danger">Aquí se rompe la cadena</Badge>
                        </>
                      )}
                      <br />
                      <span className="muted">{formatDateTime(e.occurredAt, tz)}</span>
                    </td>
                    <td>{AUDIT_SUBJECT_LABEL[e.subjectType] ?? e.subjectType}</td>
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
    </>
  );
}
