import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api, call } from '../../api/client';
import { RequireSignIn } from '../../auth/RequireSignIn';
import { Breadcrumbs, ErrorSummary, Field, PageTitle } from '../../components/ui';
import { useSubmit } from '../../lib/use-submit';
import { useSecretariat } from '../../lib/use-secretariat';

const LABELS = { title: 'Nombre del plan', description: 'De qué trata', periodStart: 'Año de inicio', periodEnd: 'Año de término' };

/** Coordinators start a Local Action Plan; it begins as a draft that only members see. */
export default function NewPlan() {
  return (
    <RequireSignIn>
      <NewPlanScreen />
    </RequireSignIn>
  );
}

function NewPlanScreen() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const secretariat = useSecretariat(id);
  const year = new Date().getFullYear();
  const [form, setForm] = useState({ title: '', description: '', periodStart: String(year), periodEnd: String(year + 2) });
  const set = (key: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const submit = useSubmit(async () => {
    const plan = await call(
      api.POST('/api/v1/secretariats/{id}/plans', {
        params: { path: { id } },
        body: { title: form.title, description: form.description || undefined, periodStart: Number(form.periodStart), periodEnd: Number(form.periodEnd) },
      }),
    );
    await queryClient.invalidateQueries({ queryKey: ['plans', id] });
    void navigate(`/gestion/planes/${plan.id}`);
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void submit.submit();
  };
  const errors = submit.fieldErrors;
  return (
    <>
      <Breadcrumbs items={[{ to: '/mis-secretariados', label: 'Mis secretariados' }, { to: `/mis-secretariados/${id}`, label: secretariat.data?.name ?? 'Secretariado' }, { label: 'Nuevo plan' }]} />
      <PageTitle>Crear un plan de acción</PageTitle>
      <p>El plan empieza como borrador: solo lo ven las personas integrantes hasta que se adopta. Después podrás abrir la consulta para recibir propuestas.</p>
      <form onSubmit={onSubmit} noValidate>
        {submit.problem && <ErrorSummary message={submit.message} errors={errors} labels={LABELS} />}
        <Field name="title" label={LABELS.title} hint="Por ejemplo: Plan de Acción Local de Gobierno Abierto 2027–2029" value={form.title} onChange={set('title')} error={errors.title} required />
        <Field name="description" label={LABELS.description} hint="Opcional. Unas líneas para quien llegue al plan por primera vez." multiline value={form.description} onChange={set('description')} error={errors.description} />
        <div className="field-row">
          <Field name="periodStart" label={LABELS.periodStart} inputMode="numeric" value={form.periodStart} onChange={set('periodStart')} error={errors.periodStart} required />
          <Field name="periodEnd" label={LABELS.periodEnd} inputMode="numeric" value={form.periodEnd} onChange={set('periodEnd')} error={errors.periodEnd} required />
        </div>
        <button className="button" type="submit" disabled={submit.busy}>
          {submit.busy ? 'Creando…' : 'Crear el plan'}
        </button>
      </form>
    </>
  );
}
