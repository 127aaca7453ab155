import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { formatDateTime, formatNumber, formatPercent, plural } from '../../lib/format';
import { CHOICE_LABEL, COMPLETION_LABEL, DECISION_RULE_LABEL, label, OUTCOME_LABEL, SECTOR_LABEL, SUBJECT_TYPE_LABEL } from '../../lib/labels';
import { Badge, Bar } from '../ui';

export type Round = Schemas['PublicRoundDto'];
type Progress = { verifiedProgress: number; selfReportedProgress: number };

export const SECTORS = ['government', 'civil_society', 'guarantor'] as const;

/** The 32 states with their IANA zones: they never change while the page is open. */
export function useStates() {
  return useQuery({ queryKey: ['states'], queryFn: () => call(api.GET('/api/v1/states')), staleTime: Infinity, gcTime: Infinity });
}

/** The time zone of a state by INEGI code, Mexico City's until the list arrives. */
export function useTimeZone(stateCode: string | undefined): string {
  const states = useStates();
  return states.data?.find((s) => s.code === stateCode)?.timeZone ?? 'America/Mexico_City';
}

/** Verified (approved by the guarantor) beside self-reported progress, numbers written out. */
export function ProgressPair({ progress, compact = false }: { progress: Progress; compact?: boolean }) {
  const rows = [
    { key: 'verified', text: 'Avance verificado', help: 'hitos aprobados por el órgano garante', value: progress.verifiedProgress },
    { key: 'self', text: 'Avance reportado', help: 'incluye hitos entregados aún en revisión', value: progress.selfReportedProgress },
  ];
  return (
    <dl className={`progress-pair${compact ? ' compact' : ''}`}>
      {rows.map((r) => (
        <div key={r.key} className={`progress-row progress-${r.key}`}>
          <dt>
            {r.text}
            {!compact && <span className="muted"> ({r.help})</span>}
          </dt>
          <dd>
            <span className="progress-number">{formatPercent(r.value)}</span>
            <Bar value={r.value} label={`${r.text}: ${formatPercent(r.value)}`} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function CompletionBadge({ completion }: { completion: string }) {
  const tone = completion === 'complete' ? 'success' : completion === 'substantial' ? 'info' : completion === 'limited' ? 'warning' : 'neutral';
  return <Badge tone={tone}>Cumplimiento: {label(COMPLETION_LABEL, completion)}</Badge>;
}

function OutcomeBadge({ outcome }: { outcome: string }) {
  return <Badge tone={outcome === 'approved' ? 'success' : outcome === 'rejected' ? 'danger' : 'warning'}>{label(OUTCOME_LABEL, outcome)}</Badge>;
}

/**
 * A closed round: counts per sector as a table with bars, and for public rounds each
 * seat's choice (secret rounds only ever come with counts).
 */
export function RoundResults({ round, timeZone, headingLevel = 3 }: { round: Round; timeZone: string; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const sectors = SECTORS.filter((s) => round.sectors[s]);
  return (
    <section className="round" aria-labelledby={`ronda-${round.id}`}>
      <H id={`ronda-${round.id}`} className="round-title">
        {round.title}
      </H>
      <p className="meta">
        <OutcomeBadge outcome={round.outcome} />
        <span>{label(SUBJECT_TYPE_LABEL, round.subjectType)}</span>
        <span>{round.secrecy === 'secret' ? 'Votación secreta: solo se publican los conteos' : 'Votación pública: se publica el voto de cada asiento'}</span>
        {round.closedAt && <span>Cerró el {formatDateTime(round.closedAt, timeZone)}</span>}
      </p>
      <p className="muted">
        Regla: {label(DECISION_RULE_LABEL, round.decisionRule)}. Votaron {formatNumber(round.totals.voted)} de {formatNumber(round.totals.seats)} asientos:{' '}
        {formatNumber(round.totals.approve)} a favor, {formatNumber(round.totals.reject)} en contra, {plural(round.totals.abstain, 'abstención', 'abstenciones')}.
      </p>
      <TableRegion label={`Resultados por sector: ${round.title}`}>
        <table>
          <caption>Resultados por sector</caption>
          <thead>
            <tr>
              <th scope="col">Sector</th>
              <th scope="col" className="num">A favor</th>
              <th scope="col" className="num">En contra</th>
              <th scope="col" className="num">Abstención</th>
              <th scope="col" className="num">Votaron</th>
              <th scope="col">Quórum</th>
              <th scope="col">Posición del sector</th>
            </tr>
          </thead>
          <tbody>
            {sectors.map((s) => {
              const r = round.sectors[s];
              return (
                <tr key={s}>
                  <th scope="row">{label(SECTOR_LABEL, s)}</th>
                  <td className="num">
                    <span className="cell-bar">
                      {formatNumber(r.approve)}
                      <Bar value={r.approve} max={r.seats} label={`${formatNumber(r.approve)} de ${formatNumber(r.seats)} asientos a favor`} />
                    </span>
                  </td>
                  <td className="num">{formatNumber(r.reject)}</td>
                  <td className="num">{formatNumber(r.abstain)}</td>
                  <td className="num">
                    {formatNumber(r.voted)} de {formatNumber(r.seats)}
                  </td>
                  <td>{r.quorum ? 'Sí' : 'No'}</td>
                  <td>{r.position ? label(CHOICE_LABEL, r.position) : 'Sin posición'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableRegion>
      {round.secrecy === 'public' && round.seats && round.seats.length > 0 && (
        <TableRegion label={`Voto de cada asiento: ${round.title}`}>
          <table>
            <caption>Voto de cada asiento</caption>
            <thead>
              <tr>
                <th scope="col">Organización</th>
                <th scope="col">Sector</th>
                <th scope="col">Voto</th>
              </tr>
            </thead>
            <tbody>
              {round.seats.map((seat) => (
                <tr key={seat.organizationId}>
                  <th scope="row">{seat.organizationName ?? 'Organización sin nombre'}</th>
                  <td>{label(SECTOR_LABEL, seat.sector)}</td>
                  <td>
                    {seat.choice ? label(CHOICE_LABEL, seat.choice) : 'No votó'}
                    {seat.castBy === 'alternate' && <span className="muted"> (votó la persona suplente)</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
    </section>
  );
}

/**
 * A table that may scroll sideways on a phone: the scrolling box takes keyboard focus and
 * carries the table's name, so keyboard users can scroll it too (WCAG 2.1.1).
 */
export function TableRegion({ label: name, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" role="region" aria-label={name} tabIndex={0}>
      {children}
    </div>
  );
}
