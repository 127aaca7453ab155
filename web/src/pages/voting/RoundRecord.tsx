import { useParams } from 'react-router';
import { RequireSignIn } from '../../auth/RequireSignIn';
import { Breadcrumbs, Loading, PageTitle, ProblemNotice } from '../../components/ui';
import { RoundResults, SECTORS, TableRegion } from '../../components/public/shared';
import { formatDateTime, formatNumber, plural } from '../../lib/format';
import { CHOICE_LABEL, DECISION_RULE_LABEL, label, OUTCOME_LABEL, SECTOR_LABEL, SUBJECT_TYPE_LABEL } from '../../lib/labels';
import { asResultsTable, seatNames, useRound } from './round-data';

/**
 * The acta of a closed round: what a secretariat files as the minutes of the session. Plain
 * document layout; the print stylesheet drops the site's header, footer and buttons.
 */
export default function RoundRecord() {
  return (
    <RequireSignIn>
      <RecordScreen />
    </RequireSignIn>
  );
}

function RecordScreen() {
  const { id = '' } = useParams();
  const { round, secretariat, seats, result } = useRound(id);
  if (round.isPending || (round.data?.status === 'closed' && (result.isPending || secretariat.isPending || seats.isPending))) return <Loading what="el acta" />;
  const problem = round.error ?? result.error ?? secretariat.error ?? seats.error;
  if (problem || !round.data)
    return (
      <>
        <PageTitle>Acta de la votación</PageTitle>
        <ProblemNotice problem={problem} />
      </>
    );
  const r = round.data;
  if (r.status !== 'closed' || !result.data)
    return (
      <>
        <PageTitle>Acta de la votación</PageTitle>
        <p className="notice">El acta está disponible cuando la votación cierra. Esta votación cierra el {formatDateTime(r.closesAt, secretariat.data?.timeZone)}.</p>
      </>
    );
  const s = secretariat.data!;
  const tz = s.timeZone;
  const res = result.data;
  const names = seatNames(seats.data);
  const holders = new Map((seats.data ?? []).map((seat) => [seat.id, seat]));
  const choices = new Map((res.seats ?? []).map((c) => [c.seatId, c]));
  return (
    <article className="record">
      <div className="no-print">
        <Breadcrumbs items={[{ to: `/mis-secretariados/${s.id}/votaciones`, label: 'Votaciones' }, { to: `/votaciones/${r.id}`, label: r.title }, { label: 'Acta' }]} />
      </div>
      <p className="record-kicker">{s.name}</p>
      <PageTitle>Acta de la votación: {r.title}</PageTitle>
      <p className="no-print">
        <button type="button" className="button" onClick={() => window.print()}>
          Imprimir o guardar como PDF
        </button>
      </p>
      <dl className="facts">
        <dt>Asunto</dt>
        <dd>
          {label(SUBJECT_TYPE_LABEL, r.subjectType)}: {r.title}
        </dd>
        {r.description && (
          <>
            <dt>Descripción</dt>
            <dd>{r.description}</dd>
          </>
        )}
        <dt>Abrió</dt>
        <dd>{formatDateTime(r.opensAt, tz)}</dd>
        <dt>Cerró</dt>
        <dd>
          {formatDateTime(res.closedAt, tz)} ({res.closeReason === 'all_voted' ? 'votaron todos los asientos' : 'al vencer el plazo'})
        </dd>
        <dt>Regla de decisión</dt>
        <dd>{label(DECISION_RULE_LABEL, res.rule)}</dd>
        <dt>Quórum</dt>
        <dd>{plural(res.quorumPerSector, 'asiento', 'asientos')} por sector</dd>
        <dt>Tipo de votación</dt>
        <dd>{r.secrecy === 'secret' ? 'Secreta (solo se registran los conteos)' : 'Pública (se registra el voto de cada asiento)'}</dd>
        <dt>Participación</dt>
        <dd>
          Votaron {formatNumber(r.participation.voted)} de {formatNumber(r.participation.seats)} asientos
        </dd>
        <dt>Resultado</dt>
        <dd>
          <strong>{label(OUTCOME_LABEL, res.outcome)}</strong>
        </dd>
      </dl>

      <h2>Asientos</h2>
      <TableRegion label="Asientos y quién votó">
        <table>
          <thead>
            <tr>
              <th scope="col">Sector</th>
              <th scope="col">Organización</th>
              <th scope="col">Titular / suplente</th>
              <th scope="col">¿Votó?</th>
              {r.secrecy === 'public' && <th scope="col">Voto</th>}
            </tr>
          </thead>
          <tbody>
            {SECTORS.flatMap((sector) =>
              r.participation.bySeat
                .filter((seat) => seat.sector === sector)
                .map((seat) => {
                  const holder = holders.get(seat.seatId);
                  const choice = choices.get(seat.seatId);
                  return (
                    <tr key={seat.seatId}>
                      <td>{label(SECTOR_LABEL, seat.sector)}</td>
                      <th scope="row">{names.get(seat.seatId) ?? 'Asiento'}</th>
                      <td>
                        {holder?.titular?.name ?? 'Titular vacante'}
                        {holder?.alternate && ` / ${holder.alternate.name}`}
                      </td>
                      <td>{seat.voted ? 'Sí' : 'No'}</td>
                      {r.secrecy === 'public' && (
                        <td>
                          {choice?.choice ? label(CHOICE_LABEL, choice.choice) : '—'}
                          {choice?.castBy === 'alternate' && ' (suplente)'}
                        </td>
                      )}
                    </tr>
                  );
                }),
            )}
          </tbody>
        </table>
      </TableRegion>

      <h2>Posición de cada sector</h2>
      <RoundResults round={{ ...asResultsTable(r, res, names), seats: undefined }} timeZone={tz} />
      <p className="muted">Acta generada por Cocrea el {formatDateTime(new Date(), tz)} a partir del registro de la votación.</p>
    </article>
  );
}
