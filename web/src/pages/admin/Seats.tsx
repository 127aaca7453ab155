import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { Confirmation, ErrorSummary, Field, Loading, ProblemNotice } from '../../components/ui';
import { allows } from '../../lib/actions';
import { formatDate } from '../../lib/format';
import { label, SECTOR_LABEL } from '../../lib/labels';
import { useSubmit } from '../../lib/use-submit';
import { SECTORS, useStateOrganizations, type Sector } from './admin-common';

type Detail = Schemas['SecretariatDetailDto'];

/** Seats per sector with their history; create, vacate and reassign (coordinators). */
export function Seats({ secretariat: s }: { secretariat: Detail }) {
  const seats = useQuery({
    queryKey: ['seats', s.id, 'history'],
    queryFn: () => call(api.GET('/api/v1/secretariats/{id}/seats', { params: { path: { id: s.id }, query: { includeVacated: true } } })),
    staleTime: 0,
  });
  return (
    <section aria-labelledby="asientos">
      <h2 id="asientos">Asientos por sector</h2>
      <p>Cada asiento es el lugar de una organización en su sector, con un voto. Para ocuparlo, invita a su titular y a su suplente (abajo).</p>
      {seats.isPending ? (
        <Loading what="los asientos" />
      ) : seats.isError ? (
        <ProblemNotice problem={seats.error} />
      ) : (
        SECTORS.map((sector) => <SectorSeats key={sector} secretariat={s} sector={sector} seats={seats.data.filter((x) => x.sector === sector)} />)
      )}
    </section>
  );
}

function SectorSeats({ secretariat: s, sector, seats }: { secretariat: Detail; sector: Sector; seats: Schemas['SeatDto'][] }) {
  const qc = useQueryClient();
  const orgs = useStateOrganizations(s.stateCode, sector);
  const [orgId, setOrgId] = useState('');
  const active = seats.filter((x) => x.active);
  const past = seats.filter((x) => !x.active);
  const sectorName = label(SECTOR_LABEL, sector);
  const create = useSubmit(async () => {
    await call(api.POST('/api/v1/secretariats/{id}/seats', { params: { path: { id: s.id } }, body: { organizationId: orgId, sector } }));
    setOrgId('');
    await invalidateSeats(qc, s.id);
  });
  return (
    <>
      <h3>{sectorName}</h3>
      {active.length === 0 ? (
        <p>Este sector aún no tiene asientos.</p>
      ) : (
        <ul className="cards">
          {active.map((seat) => (
            <SeatCard key={seat.id} secretariat={s} seat={seat} organizations={orgs.data?.items ?? []} />
          ))}
        </ul>
      )}
      {past.length > 0 && (
        <details>
          <summary>Historia de asientos de {sectorName.toLowerCase()} ({past.length})</summary>
          <ul>
            {past.map((seat) => (
              <li key={seat.id}>
                {seat.organization.name}: desocupado el {seat.vacatedAt ? formatDate(seat.vacatedAt, s.timeZone) : '—'}
                {seat.vacateReason && ` — ${seat.vacateReason}`}
              </li>
            ))}
          </ul>
        </details>
      )}
      {allows(s, 'seat.create') && (
        <form
          className="inline-actions"
          onSubmit={(e) => {
            e.preventDefault();
            if (orgId) void create.submit();
          }}
        >
          <div className="field">
            <label htmlFor={`nuevo-asiento-${sector}`}>Nuevo asiento de {sectorName.toLowerCase()}: organización</label>
            <select id={`nuevo-asiento-${sector}`} value={orgId} onChange={(e) => setOrgId(e.target.value)}>
              <option value="">Elige una organización</option>
              {(orgs.data?.items ?? [])
                .filter((o) => !active.some((x) => x.organization.id === o.id))
                .map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button" disabled={create.busy || !orgId}>
            Crear el asiento de {sectorName.toLowerCase()}
          </button>
          {create.problem && <ProblemNotice problem={create.problem} />}
        </form>
      )}
    </>
  );
}

async function invalidateSeats(qc: ReturnType<typeof useQueryClient>, id: string) {
  await Promise.all([
    qc.invalidateQueries({ queryKey: ['seats', id] }),
    qc.invalidateQueries({ queryKey: ['members', id] }),
    qc.invalidateQueries({ queryKey: ['secretariat-detail', id] }),
  ]);
}

function SeatCard({ secretariat: s, seat, organizations }: { secretariat: Detail; seat: Schemas['SeatDto']; organizations: Schemas['OrganizationDto'][] }) {
  const qc = useQueryClient();
  const [mode, setMode] = useState<'none' | 'vacate' | 'reassign'>('none');
  const [reason, setReason] = useState('');
  const [orgId, setOrgId] = useState('');
  const act = useSubmit(async () => {
    const path = { params: { path: { id: s.id, seatId: seat.id } } };
    if (mode === 'vacate') await call(api.POST('/api/v1/secretariats/{id}/seats/{seatId}/vacate', { ...path, body: { reason } }));
    else await call(api.POST('/api/v1/secretariats/{id}/seats/{seatId}/reassign', { ...path, body: { reason, organizationId: orgId } }));
    await invalidateSeats(qc, s.id);
  });
  return (
    <li className="card">
      <strong>{seat.organization.name}</strong>
      <dl className="facts">
        <dt>Titular</dt>
        <dd>{seat.titular?.name ?? 'Vacante'}</dd>
        <dt>Suplente</dt>
        <dd>{seat.alternate?.name ?? 'Sin suplente'}</dd>
        <dt>Desde</dt>
        <dd>{formatDate(seat.createdAt, s.timeZone)}</dd>
      </dl>
      {mode === 'none' && (
        <div className="inline-actions">
          {allows(s, 'seat.vacate') && (
            <button type="button" className="button button-secondary" onClick={() => setMode('vacate')}>
              Desocupar<span className="visually-hidden"> el asiento de {seat.organization.name}</span>
            </button>
          )}
          {allows(s, 'seat.reassign') && (
            <button type="button" className="button button-secondary" onClick={() => setMode('reassign')}>
              Pasar a otra organización<span className="visually-hidden"> el asiento de {seat.organization.name}</span>
            </button>
          )}
        </div>
      )}
      {mode !== 'none' && (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void act.submit();
          }}
        >
          {act.problem && <ErrorSummary message={act.message} errors={act.fieldErrors} labels={{ reason: 'Motivo', organizationId: 'Organización' }} />}
          <p>{mode === 'vacate' ? 'Al desocuparlo terminan las participaciones de su titular y su suplente; queda en la historia.' : 'El asiento actual queda en la historia y uno nuevo lo reemplaza.'}</p>
          {mode === 'reassign' && (
            <div className="field">
              <label htmlFor={`reasignar-${seat.id}`}>Nueva organización</label>
              <select id={`reasignar-${seat.id}`} value={orgId} onChange={(e) => setOrgId(e.target.value)}>
                <option value="">Elige una organización</option>
                {organizations
                  .filter((o) => o.id !== seat.organization.id)
                  .map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
              </select>
            </div>
          )}
          <Field name={`reason-${seat.id}`} label="Motivo" value={reason} onChange={setReason} error={act.fieldErrors.reason} />
          <div className="inline-actions">
            <button type="submit" className="button" disabled={act.busy}>
              {mode === 'vacate' ? 'Desocupar el asiento' : 'Pasar el asiento'}
            </button>
            <button type="button" className="button button-secondary" onClick={() => setMode('none')}>
              Cancelar
            </button>
          </div>
        </form>
      )}
      {act.done && mode === 'none' && <Confirmation>Listo.</Confirmation>}
    </li>
  );
}
