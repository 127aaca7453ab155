import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { Confirmation, EmptyState, ErrorSummary, Field, Loading, ProblemNotice } from '../../components/ui';
import { label, SECTOR_LABEL } from '../../lib/labels';
import { useSubmit } from '../../lib/use-submit';
import { KINDS_BY_SECTOR, ORG_KIND_LABEL, SECTORS, type Sector } from './admin-common';

/**
 * Organizations of a state (or every state when `stateCode` is empty): search, register, rename.
 * Who may register or edit is the API's call (organizations carry no `actions`): the form shows for
 * those `canManage` says (coordinators of the state, platform admins) and the API's refusal is shown.
 */
export function Organizations({ stateCode, canManage, states }: { stateCode?: string; canManage: boolean; states?: Schemas['StateDto'][] }) {
  const qc = useQueryClient();
  const [q, setQ] = useState('');
  const [state, setState] = useState(stateCode ?? '');
  const list = useQuery({
    queryKey: ['organizations', state || 'all', 'all', q],
    queryFn: () => call(api.GET('/api/v1/organizations', { params: { query: { q: q || undefined, state: state || undefined, limit: 50 } } })),
    staleTime: 0,
  });
  const [form, setForm] = useState({ name: '', sector: 'government' as Sector, kind: 'dependencia' });
  const [created, setCreated] = useState('');
  const create = useSubmit(async () => {
    const org = await call(api.POST('/api/v1/organizations', { body: { name: form.name, sector: form.sector, kind: form.kind as Schemas['CreateOrganizationDto']['kind'], stateCode: state } }));
    setCreated(org.name);
    setForm((f) => ({ ...f, name: '' }));
    await qc.invalidateQueries({ queryKey: ['organizations'] });
  });
  return (
    <section aria-labelledby="organizaciones">
      <h2 id="organizaciones">Organizaciones{stateCode ? ' del estado' : ''}</h2>
      <form className="filters" role="search" aria-label="Buscar organizaciones" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="buscar-organizacion">Buscar por nombre</label>
          <input id="buscar-organizacion" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        </div>
        {states && (
          <div className="field">
            <label htmlFor="organizaciones-estado">Estado</label>
            <select id="organizaciones-estado" value={state} onChange={(e) => setState(e.target.value)}>
              <option value="">Todos</option>
              {states.map((st) => (
                <option key={st.code} value={st.code}>
                  {st.name}
                </option>
              ))}
            </select>
          </div>
        )}
      </form>
      {list.isPending ? (
        <Loading what="las organizaciones" />
      ) : list.isError ? (
        <ProblemNotice problem={list.error} />
      ) : list.data.items.length === 0 ? (
        <EmptyState title="No encontramos organizaciones">Prueba con otra parte del nombre, o regístrala abajo.</EmptyState>
      ) : (
        <ul className="cards">
          {list.data.items.map((o) => (
            <OrganizationRow key={o.id} org={o} canManage={canManage} />
          ))}
        </ul>
      )}
      {canManage && state && (
        <form
          className="admin-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void create.submit();
          }}
        >
          <h3>Registrar una organización</h3>
          {created && !create.problem && <Confirmation>Registramos «{created}».</Confirmation>}
          {create.problem && <ErrorSummary message={create.message} errors={create.fieldErrors} labels={{ name: 'Nombre', sector: 'Sector', kind: 'Tipo' }} />}
          <Field name="name" label="Nombre de la organización" value={form.name} onChange={(v) => setForm((f) => ({ ...f, name: v }))} error={create.fieldErrors.name} />
          <div className="field">
            <label htmlFor="field-org-sector">Sector</label>
            <select id="field-org-sector" value={form.sector} onChange={(e) => setForm({ ...form, sector: e.target.value as Sector, kind: KINDS_BY_SECTOR[e.target.value as Sector][0] })}>
              {SECTORS.map((x) => (
                <option key={x} value={x}>
                  {label(SECTOR_LABEL, x)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="field-kind">Tipo</label>
            <select id="field-kind" value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value })}>
              {KINDS_BY_SECTOR[form.sector].map((k) => (
                <option key={k} value={k}>
                  {ORG_KIND_LABEL[k]}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button" disabled={create.busy}>
            Registrar la organización
          </button>
        </form>
      )}
    </section>
  );
}

function OrganizationRow({ org, canManage }: { org: Schemas['OrganizationDto']; canManage: boolean }) {
  const qc = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(org.name);
  const save = useSubmit(async () => {
    await call(api.PATCH('/api/v1/organizations/{id}', { params: { path: { id: org.id } }, body: { name } }));
    setEditing(false);
    await qc.invalidateQueries({ queryKey: ['organizations'] });
  });
  return (
    <li className="card">
      {editing ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save.submit();
          }}
        >
          {save.problem && <ProblemNotice problem={save.problem} />}
          <Field name={`org-${org.id}`} label="Nombre" value={name} onChange={setName} error={save.fieldErrors.name} />
          <div className="inline-actions">
            <button type="submit" className="button" disabled={save.busy}>
              Guardar
            </button>
            <button type="button" className="button button-secondary" onClick={() => setEditing(false)}>
              Cancelar
            </button>
          </div>
        </form>
      ) : (
        <>
          <strong>{org.name}</strong>
          <p className="meta">
            {label(SECTOR_LABEL, org.sector)} · {ORG_KIND_LABEL[org.kind] ?? org.kind}
          </p>
          {canManage && (
            <button type="button" className="button button-secondary" onClick={() => setEditing(true)}>
              Editar<span className="visually-hidden"> {org.name}</span>
            </button>
          )}
        </>
      )}
    </li>
  );
}
