import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { api, call } from '../../api/client';
import { RequireSignIn } from '../../auth/RequireSignIn';
import { Confirmation, EmptyState, ErrorSummary, Field, Loading, PageTitle, ProblemNotice } from '../../components/ui';
import { allows } from '../../lib/actions';
import { formatNumber } from '../../lib/format';
import { ProblemError } from '../../lib/problems';
import { useSubmit } from '../../lib/use-submit';
import { useOrganizationNames } from '../proposals/proposal-common';
import { CommitmentCrumbs, useCommitment, type MemberCommitment } from '../indicators/commitment-context';
import { DueDate, MilestoneBadges, type Milestone } from './milestone-common';

/**
 * A commitment's milestones: the list for every member (status, due date in the state's zone,
 * overdue badge, a link to each milestone's page) and, for coordinators while the plan is not
 * yet in implementation, the editor of the set (the weights must sum 100).
 */
export default function Milestones() {
  return (
    <RequireSignIn>
      <MilestonesScreen />
    </RequireSignIn>
  );
}

function MilestonesScreen() {
  const { id = '' } = useParams();
  const commitment = useCommitment(id);
  const milestones = useQuery({ queryKey: ['milestones', id], queryFn: () => call(api.GET('/api/v1/commitments/{id}/milestones', { params: { path: { id } } })) });
  const orgIds = [commitment.data?.leadAgencyId, ...(commitment.data?.coResponsibleOrganizationIds ?? []), ...(milestones.data?.items.map((m) => m.responsibleOrganizationId) ?? [])];
  const names = useOrganizationNames(orgIds);
  const [notice, setNotice] = useState<string | null>(null);
  const queryClient = useQueryClient();
  if (commitment.isPending || milestones.isPending) return <Loading what="los hitos" />;
  if (commitment.isError || milestones.isError)
    return (
      <>
        <PageTitle>Hitos</PageTitle>
        <ProblemNotice problem={commitment.error ?? milestones.error} />
      </>
    );
  const c = commitment.data;
  const items = milestones.data.items;
  const orgName = (orgId: string) => names.get(orgId)?.name ?? 'Organización';
  const saved = async () => {
    setNotice('Se guardaron los hitos del compromiso.');
    await Promise.all([queryClient.invalidateQueries({ queryKey: ['milestones', id] }), queryClient.invalidateQueries({ queryKey: ['commitment', id] })]);
  };
  return (
    <>
      <CommitmentCrumbs commitment={c} here="Hitos" />
      <PageTitle title={`Hitos de ${c.title}`}>
        Hitos <span className="muted">de «{c.title}»</span>
      </PageTitle>
      <p className="lead">Cada hito es un paso verificable del compromiso. Su peso dice cuánto aporta al avance; el órgano garante aprueba cada uno con su evidencia.</p>
      {notice && (
        <Confirmation key={notice}>
          <p>{notice}</p>
        </Confirmation>
      )}
      <section aria-labelledby="lista-hitos">
        <h2 id="lista-hitos">Hitos del compromiso</h2>
        {items.length === 0 ? (
          <EmptyState title="Este compromiso todavía no tiene hitos">
            {allows(c, 'milestone.define') ? <p>Defínelos con el formulario de abajo: sus pesos deben sumar 100.</p> : <p>La coordinación del secretariado los define antes de la implementación.</p>}
          </EmptyState>
        ) : (
          <MilestoneTable items={items} commitment={c} orgName={orgName} />
        )}
      </section>
      {allows(c, 'milestone.define') && (
        <WeightsEditor
          key={items.map((m) => `${m.id}:${m.version}`).join(',')}
          commitment={c}
          items={items}
          organizations={[c.leadAgencyId, ...c.coResponsibleOrganizationIds].filter((x): x is string => Boolean(x)).map((orgId) => ({ id: orgId, name: orgName(orgId) }))}
          onSaved={saved}
        />
      )}
    </>
  );
}

function MilestoneTable({ items, commitment: c, orgName }: { items: Milestone[]; commitment: MemberCommitment; orgName: (id: string) => string }) {
  return (
    <div className="table-wrap" role="region" aria-label="Tabla de hitos" tabIndex={0}>
      <table>
        <caption className="visually-hidden">Hitos del compromiso, en orden; fechas límite en la hora del estado</caption>
        <thead>
          <tr>
            <th scope="col">Hito</th>
            <th scope="col">Estado</th>
            <th scope="col">Fecha límite</th>
            <th scope="col">Responsable</th>
            <th scope="col" className="num">
              Peso
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((m) => (
            <tr key={m.id}>
              <th scope="row">
                {m.position}. <Link to={`/gestion/hitos/${m.id}`}>{m.title}</Link>
              </th>
              <td>
                <MilestoneBadges milestone={m} />
              </td>
              <td>
                <DueDate milestone={m} timeZone={c.timeZone} />
              </td>
              <td>{orgName(m.responsibleOrganizationId)}</td>
              <td className="num">{formatNumber(m.weight)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface Row {
  key: string;
  id?: string;
  title: string;
  responsibleOrganizationId: string;
  startDate: string;
  dueDate: string;
  weight: string;
}

let nextKey = 0;
const newKey = () => `nuevo-${++nextKey}`;

/**
 * The milestone set as one form: add, remove and reorder rows; the sum of the weights is read
 * out live; saving is refused here unless it is 100, and the API's own message is shown for
 * anything else it refuses (dates outside the commitment, a milestone already started…).
 */
function WeightsEditor({ commitment: c, items, organizations, onSaved }: { commitment: MemberCommitment; items: Milestone[]; organizations: { id: string; name: string }[]; onSaved: () => Promise<void> }) {
  const blank = (): Row => ({ key: newKey(), title: '', responsibleOrganizationId: c.leadAgencyId ?? organizations[0]?.id ?? '', startDate: c.startDate, dueDate: '', weight: '' });
  const [rows, setRows] = useState<Row[]>(() =>
    items.length
      ? items.map((m) => ({ key: m.id, id: m.id, title: m.title, responsibleOrganizationId: m.responsibleOrganizationId, startDate: m.startDate, dueDate: m.dueDate, weight: String(m.weight) }))
      : [blank()],
  );
  const sum = rows.reduce((s, r) => s + (Number.isFinite(Number(r.weight)) ? Number(r.weight) : 0), 0);
  const update = (key: string, patch: Partial<Row>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const move = (index: number, by: -1 | 1) =>
    setRows((rs) => {
      const next = [...rs];
      [next[index], next[index + by]] = [next[index + by], next[index]];
      return next;
    });
  const send = useSubmit(async () => {
    if (sum !== 100) throw new ProblemError({ status: 422, code: 'weights_not_100', detail: `Los pesos de los hitos deben sumar 100; ahora suman ${formatNumber(sum)}. Ajústalos antes de guardar.` });
    await call(
      api.PUT('/api/v1/commitments/{id}/milestones', {
        params: { path: { id: c.id } },
        body: {
          milestones: rows.map((r) => ({
            ...(r.id ? { id: r.id } : {}),
            title: r.title,
            responsibleOrganizationId: r.responsibleOrganizationId,
            startDate: r.startDate,
            dueDate: r.dueDate,
            weight: (r.weight.trim() === '' || Number.isNaN(Number(r.weight)) ? r.weight : Number(r.weight)) as number,
          })),
        },
      }),
    );
    await onSaved();
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void send.submit();
  };
  const errors = send.fieldErrors;
  const labels = Object.fromEntries(
    rows.flatMap((_r, i) => [
      [`milestones.${i}.title`, `Hito ${i + 1}, título`],
      [`milestones.${i}.responsibleOrganizationId`, `Hito ${i + 1}, organización responsable`],
      [`milestones.${i}.startDate`, `Hito ${i + 1}, fecha de inicio`],
      [`milestones.${i}.dueDate`, `Hito ${i + 1}, fecha límite`],
      [`milestones.${i}.weight`, `Hito ${i + 1}, peso`],
    ]),
  );
  return (
    <form onSubmit={onSubmit} noValidate className="subform" aria-labelledby="editar-hitos">
      <h2 id="editar-hitos">Definir los hitos y sus pesos</h2>
      <p>
        Los pesos son números enteros del 1 al 100 y deben sumar exactamente 100. Las fechas deben quedar entre el {c.startDate} y el {c.endDate}; la fecha límite vence al terminar ese día en la hora del
        estado. Después de la implementación, los cambios requieren una solicitud de modificación.
      </p>
      {send.problem && <ErrorSummary message={send.message} errors={errors} labels={labels} />}
      <ol className="milestone-rows">
        {rows.map((r, i) => {
          const p = `milestones.${i}`;
          return (
            <li key={r.key} className="milestone-row">
              <fieldset>
                <legend>Hito {i + 1}</legend>
                <Field name={`${p}.title`} label="Título" value={r.title} onChange={(v) => update(r.key, { title: v })} error={errors[`${p}.title`]} />
                <div className={`field${errors[`${p}.responsibleOrganizationId`] ? ' field-error' : ''}`}>
                  <label htmlFor={`field-${p}.responsibleOrganizationId`}>Organización responsable</label>
                  {errors[`${p}.responsibleOrganizationId`] && <p className="error-message">{errors[`${p}.responsibleOrganizationId`]}</p>}
                  <select id={`field-${p}.responsibleOrganizationId`} value={r.responsibleOrganizationId} onChange={(e) => update(r.key, { responsibleOrganizationId: e.target.value })}>
                    {organizations.map((o) => (
                      <option key={o.id} value={o.id}>
                        {o.name}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field-row">
                  <Field name={`${p}.startDate`} label="Fecha de inicio" type="date" value={r.startDate} onChange={(v) => update(r.key, { startDate: v })} error={errors[`${p}.startDate`]} />
                  <Field name={`${p}.dueDate`} label="Fecha límite" type="date" value={r.dueDate} onChange={(v) => update(r.key, { dueDate: v })} error={errors[`${p}.dueDate`]} />
                  <Field name={`${p}.weight`} label="Peso" inputMode="numeric" value={r.weight} onChange={(v) => update(r.key, { weight: v })} error={errors[`${p}.weight`]} />
                </div>
                <div className="inline-actions">
                  <button type="button" className="button button-secondary" disabled={i === 0} onClick={() => move(i, -1)} aria-label={`Subir el hito ${i + 1}`}>
                    Subir
                  </button>
                  <button type="button" className="button button-secondary" disabled={i === rows.length - 1} onClick={() => move(i, 1)} aria-label={`Bajar el hito ${i + 1}`}>
                    Bajar
                  </button>
                  <button type="button" className="button button-secondary" disabled={rows.length === 1} onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))} aria-label={`Quitar el hito ${i + 1}`}>
                    Quitar
                  </button>
                </div>
              </fieldset>
            </li>
          );
        })}
      </ol>
      <p className="weights-sum" aria-live="polite" aria-atomic="true">
        <strong>Suma de los pesos: {formatNumber(sum)} de 100.</strong> {sum === 100 ? 'Lista para guardar.' : sum < 100 ? `Faltan ${formatNumber(100 - sum)}.` : `Sobran ${formatNumber(sum - 100)}.`}
      </p>
      <div className="actions">
        <button type="button" className="button button-secondary" onClick={() => setRows((rs) => [...rs, blank()])}>
          Agregar un hito
        </button>
        <button type="submit" className="button" disabled={send.busy}>
          {send.busy ? 'Guardando…' : 'Guardar hitos'}
        </button>
      </div>
    </form>
  );
}

