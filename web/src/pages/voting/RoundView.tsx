import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { api, call } from '../../api/client';
import { RequireSignIn } from '../../auth/RequireSignIn';
import { Badge, Breadcrumbs, Confirmation, ErrorSummary, Loading, PageTitle, ProblemNotice } from '../../components/ui';
import { RoundResults, TableRegion } from '../../components/public/shared';
import { allows } from '../../lib/actions';
import { deadlinePhrase, formatDateTime, formatNumber, timeLeft } from '../../lib/format';
import { CHOICE_LABEL, DECISION_RULE_LABEL, label, OUTCOME_LABEL, SECTOR_LABEL, SUBJECT_TYPE_LABEL } from '../../lib/labels';
import { useSubmit } from '../../lib/use-submit';
import { asResultsTable, seatNames, useRound } from './round-data';

const CHOICES = ['approve', 'reject', 'abstain'] as const;
type Choice = (typeof CHOICES)[number];

/** A voting round as members see it: when it closes, who has voted (never how), their ballot. */
export default function RoundView() {
  return (
    <RequireSignIn>
      <RoundScreen />
    </RequireSignIn>
  );
}

function RoundScreen() {
  const { id = '' } = useParams();
  const { round, secretariat, seats, result } = useRound(id);
  const timeZone = secretariat.data?.timeZone;
  if (round.isPending) return <Loading what="la votación" />;
  if (round.isError)
    return (
      <>
        <PageTitle>Votación</PageTitle>
        <ProblemNotice problem={round.error} />
      </>
    );
  const r = round.data;
  const names = seatNames(seats.data);
  const status = r.status === 'open' ? 'Abierta' : r.status === 'scheduled' ? 'Programada' : 'Cerrada';
  return (
    <>
      {secretariat.data && (
        <Breadcrumbs
          items={[
            { to: '/mis-secretariados', label: 'Mis secretariados' },
            { to: `/mis-secretariados/${r.secretariatId}`, label: secretariat.data.name },
            { to: `/mis-secretariados/${r.secretariatId}/votaciones`, label: 'Votaciones' },
            { label: r.title },
          ]}
        />
      )}
      <PageTitle>{r.title}</PageTitle>
      <p className="meta">
        <Badge tone={r.status === 'open' ? 'info' : 'neutral'}>{status}</Badge>
        <span>{label(SUBJECT_TYPE_LABEL, r.subjectType)}</span>
        <span>{r.secrecy === 'secret' ? 'Votación secreta' : 'Votación pública: al cerrar se publica el voto de cada asiento'}</span>
      </p>
      {r.subjectType === 'proposal' && r.subjectId && (
        <p>
          <Link to={`/propuestas/${r.subjectId}`}>Leer la propuesta que se vota</Link>
        </p>
      )}
      {r.status === 'open' && <Countdown closesAt={r.closesAt} onEnd={() => void round.refetch()} />}
      {r.description && <p className="prose">{r.description}</p>}
      <dl className="facts">
        <dt>Abre</dt>
        <dd>{formatDateTime(r.opensAt, timeZone)}</dd>
        <dt>{r.status === 'closed' ? 'Cerró' : 'Cierra'}</dt>
        <dd>
          {formatDateTime(r.closedAt ?? r.closesAt, timeZone)} ({deadlinePhrase(r.closedAt ?? r.closesAt)})
          {r.closeReason === 'all_voted' && ', antes del plazo porque votaron todos los asientos'}
        </dd>
        <dt>Regla de decisión</dt>
        <dd>
          {label(DECISION_RULE_LABEL, r.decisionRule)}; quórum: {formatNumber(r.quorumPerSector)} {r.quorumPerSector === 1 ? 'asiento' : 'asientos'} por sector
        </dd>
        {r.outcome && (
          <>
            <dt>Resultado</dt>
            <dd>
              <strong>{label(OUTCOME_LABEL, r.outcome)}</strong>
            </dd>
          </>
        )}
      </dl>
      {r.myBallot && (
        <p className="notice">
          Tu voto: <strong>{label(CHOICE_LABEL, r.myBallot.choice)}</strong>
          {r.myBallot.role === 'alternate' && (r.myBallot.counts ? ' (cuenta: la persona titular de tu asiento no ha votado)' : ' (no cuenta: la persona titular de tu asiento ya votó y su voto es el que vale)')}
        </p>
      )}
      {r.status !== 'closed' && allows(r, 'ballot.cast') && <BallotForm roundId={r.id} current={r.myBallot?.choice} />}
      {r.status === 'closed' && (
        <section aria-labelledby="resultado">
          <h2 id="resultado">Resultado por sector</h2>
          {result.isPending ? (
            <Loading what="el resultado" />
          ) : result.isError ? (
            <ProblemNotice problem={result.error} />
          ) : (
            <RoundResults round={asResultsTable(r, result.data, names)} timeZone={timeZone ?? 'America/Mexico_City'} />
          )}
          <p>
            <Link className="button button-secondary" to={`/votaciones/${r.id}/acta`}>
              Ver el acta para imprimir
            </Link>
          </p>
        </section>
      )}
      <h2>Quién ha votado</h2>
      <p>
        Votaron {formatNumber(r.participation.voted)} de {formatNumber(r.participation.seats)} asientos. {r.status !== 'closed' && 'Cómo votó cada uno se sabe solo al cerrar.'}
      </p>
      <TableRegion label="Participación por asiento">
        <table>
          <thead>
            <tr>
              <th scope="col">Organización</th>
              <th scope="col">Sector</th>
              <th scope="col">¿Votó?</th>
            </tr>
          </thead>
          <tbody>
            {r.participation.bySeat.map((seat) => (
              <tr key={seat.seatId}>
                <td>{names.get(seat.seatId) ?? 'Asiento'}</td>
                <td>{label(SECTOR_LABEL, seat.sector)}</td>
                <td>{seat.voted ? 'Sí' : 'Todavía no'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
    </>
  );
}

/** "Cierra en 2 h 15 min", kept current; when it reaches zero the page reloads the round. */
function Countdown({ closesAt, onEnd }: { closesAt: string; onEnd: () => void }) {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 20_000);
    return () => clearInterval(timer);
  }, []);
  const ended = new Date(closesAt).getTime() <= now.getTime();
  useEffect(() => {
    if (ended) onEnd();
  }, [ended, onEnd]);
  return (
    <p className="countdown">
      {ended ? 'El plazo terminó; contando los votos…' : <>Cierra en <strong>{timeLeft(closesAt, now)}</strong></>}
    </p>
  );
}

function BallotForm({ roundId, current }: { roundId: string; current?: Choice }) {
  const queryClient = useQueryClient();
  const [choice, setChoice] = useState<Choice | ''>(current ?? '');
  const [reason, setReason] = useState('');
  const [saved, setSaved] = useState<Choice | null>(null);
  const form = useSubmit(async () => {
    if (!choice) return;
    await call(api.PUT('/api/v1/voting-rounds/{id}/ballot', { params: { path: { id: roundId } }, body: { choice, ...(reason ? { reason } : {}) } }));
    setSaved(choice);
    await queryClient.invalidateQueries({ queryKey: ['round', roundId] });
    void queryClient.invalidateQueries({ queryKey: ['my-tasks'] });
    void queryClient.invalidateQueries({ queryKey: ['rounds'] });
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void form.submit();
  };
  return (
    <form onSubmit={onSubmit} aria-labelledby="tu-voto">
      <h2 id="tu-voto">{current ? 'Cambiar tu voto' : 'Tu voto'}</h2>
      {form.problem && <ErrorSummary message={form.message} errors={form.fieldErrors} labels={{ choice: 'Tu voto', reason: 'Razón' }} />}
      {saved && !form.busy && !form.problem && (
        <Confirmation>
          Tu voto quedó registrado: <strong>{label(CHOICE_LABEL, saved)}</strong>. Puedes cambiarlo hasta que cierre la votación.
        </Confirmation>
      )}
      <fieldset className="field" id="field-choice">
        <legend>¿Cómo votas?</legend>
        {CHOICES.map((c) => (
          <div className="checkbox" key={c}>
            <input type="radio" id={`voto-${c}`} name="choice" value={c} checked={choice === c} onChange={() => setChoice(c)} />
            <label htmlFor={`voto-${c}`}>{CHOICE_LABEL[c]}</label>
          </div>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="field-reason">Razón (opcional)</label>
        <textarea id="field-reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
      </div>
      <button className="button" type="submit" disabled={form.busy || !choice}>
        {form.busy ? 'Registrando…' : 'Registrar mi voto'}
      </button>
    </form>
  );
}
