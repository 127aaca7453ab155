import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { RequireSignIn } from '../../auth/RequireSignIn';
import { useSession } from '../../auth/session';
import { Badge, Breadcrumbs, EmptyState, Loading, PageTitle, ProblemNotice } from '../../components/ui';
import { allows } from '../../lib/actions';
import { deadlinePhrase, formatDateTime } from '../../lib/format';
import { CHOICE_LABEL, label, OUTCOME_LABEL, SUBJECT_TYPE_LABEL } from '../../lib/labels';
import { useSecretariat } from '../../lib/use-secretariat';

/** A secretariat's rounds: open ones first (with your ballot, or "te falta votar"), then the closed ones with their outcome. */
export default function RoundsList() {
  return (
    <RequireSignIn>
      <RoundsScreen />
    </RequireSignIn>
  );
}

function RoundsScreen() {
  const { id = '' } = useParams();
  const session = useSession();
  const secretariat = useSecretariat(id);
  const rounds = useQuery({ queryKey: ['rounds', id], queryFn: () => call(api.GET('/api/v1/secretariats/{id}/voting-rounds', { params: { path: { id }, query: { limit: 100 } } })) });
  if (secretariat.isPending || rounds.isPending) return <Loading what="las votaciones" />;
  if (secretariat.isError || rounds.isError)
    return (
      <>
        <PageTitle>Votaciones</PageTitle>
        <ProblemNotice problem={secretariat.error ?? rounds.error} />
      </>
    );
  const s = secretariat.data;
  // Only titulars and alternates are told "Te falta votar"; observers and facilitators have no ballot.
  const votes = (session.user?.memberships ?? []).some((m) => m.secretariatId === id && m.seatId);
  const items = rounds.data.items;
  const current = items.filter((r) => r.status !== 'closed');
  const closed = items.filter((r) => r.status === 'closed');
  return (
    <>
      <Breadcrumbs items={[{ to: '/mis-secretariados', label: 'Mis secretariados' }, { to: `/mis-secretariados/${id}`, label: s.name }, { label: 'Votaciones' }]} />
      <PageTitle>Votaciones de {s.name}</PageTitle>
      {allows(s, 'round.open') && (
        <p>
          <Link className="button" to={`/mis-secretariados/${id}/votaciones/nueva`}>
            Abrir una votación
          </Link>
        </p>
      )}
      <section aria-labelledby="abiertas">
        <h2 id="abiertas">Abiertas y programadas</h2>
        {current.length === 0 ? <EmptyState title="No hay votaciones abiertas" /> : <RoundCards rounds={current} timeZone={s.timeZone} votes={votes} />}
      </section>
      <section aria-labelledby="cerradas">
        <h2 id="cerradas">Cerradas</h2>
        {closed.length === 0 ? <EmptyState title="Todavía no se ha cerrado ninguna votación" /> : <RoundCards rounds={closed} timeZone={s.timeZone} />}
      </section>
    </>
  );
}

function RoundCards({ rounds, timeZone, votes = false }: { rounds: Schemas['RoundSummaryDto'][]; timeZone: string; votes?: boolean }) {
  return (
    <ul className="cards">
      {rounds.map((r) => {
        const mine = r.myBallot;
        return (
          <li key={r.id} className="card">
            <h3>
              <Link to={`/votaciones/${r.id}`}>{r.title}</Link>
            </h3>
            <p className="meta">
              {r.status === 'closed' ? (
                <Badge tone={r.outcome === 'approved' ? 'success' : r.outcome === 'rejected' ? 'danger' : 'warning'}>{label(OUTCOME_LABEL, r.outcome)}</Badge>
              ) : (
                <Badge tone="info">{r.status === 'open' ? 'Abierta' : 'Programada'}</Badge>
              )}
              <span>{label(SUBJECT_TYPE_LABEL, r.subjectType)}</span>
              {r.status === 'open' && <span>{deadlinePhrase(r.closesAt)}</span>}
              {r.status === 'scheduled' && <span>Abre el {formatDateTime(r.opensAt, timeZone)}</span>}
              {r.status === 'open' && votes && (mine ? <span>Tu voto: {label(CHOICE_LABEL, mine.choice)}</span> : <Badge tone="warning">Te falta votar</Badge>)}
            </p>
          </li>
        );
      })}
    </ul>
  );
}
