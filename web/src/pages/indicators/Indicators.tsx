import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { RequireSignIn } from '../../auth/RequireSignIn';
import { IndicatorBlock } from '../../components/public/IndicatorChart';
import { Confirmation, EmptyState, ErrorSummary, Field, Loading, PageTitle, ProblemNotice } from '../../components/ui';
import { allows } from '../../lib/actions';
import { formatNumber } from '../../lib/format';
import { useSubmit } from '../../lib/use-submit';
import { CommitmentCrumbs, toNumber, todayIn, useCommitment } from './commitment-context';

type Indicator = Schemas['IndicatorDto'];

const INDICATOR_LABELS = { name: 'Nombre', description: 'Descripción', unit: 'Unidad', baseline: 'Línea base', baselineDate: 'Fecha de la línea base', target: 'Meta', targetDate: 'Fecha de la meta' };
const MEASUREMENT_LABELS = { measuredOn: 'Fecha de la medición', value: 'Valor', source: 'Fuente', sourceUrl: 'Enlace a la fuente', note: 'Nota' };

/**
 * A commitment's indicators for its members: each with its trend chart against the target,
 * the measurements table and, for the organizations that measure it, the form for a new
 * measurement; coordinators and the lead agency define new indicators.
 */
export default function Indicators() {
  return (
    <RequireSignIn>
      <IndicatorsScreen />
    </RequireSignIn>
  );
}

function IndicatorsScreen() {
  const { id = '' } = useParams();
  const commitment = useCommitment(id);
  const indicators = useQuery({ queryKey: ['indicators', id], queryFn: () => call(api.GET('/api/v1/commitments/{id}/indicators', { params: { path: { id } } })) });
  const [notice, setNotice] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const refresh = async (message: string) => {
    setNotice(message);
    await queryClient.invalidateQueries({ queryKey: ['indicators', id] });
  };
  if (commitment.isPending || indicators.isPending) return <Loading what="los indicadores" />;
  if (commitment.isError || indicators.isError)
    return (
      <>
        <PageTitle>Indicadores</PageTitle>
        <ProblemNotice problem={commitment.error ?? indicators.error} />
      </>
    );
  const c = commitment.data;
  const items = indicators.data.items;
  return (
    <>
      <CommitmentCrumbs commitment={c} here="Indicadores" />
      <PageTitle title={`Indicadores de ${c.title}`}>
        Indicadores <span className="muted">de «{c.title}»</span>
      </PageTitle>
      <p className="lead">Cada indicador mide el resultado del compromiso: de dónde parte (línea base), a dónde quiere llegar (meta) y cada medición con su fuente.</p>
      {notice && (
        <Confirmation key={notice}>
          <p>{notice}</p>
        </Confirmation>
      )}
      {items.length === 0 ? (
        <EmptyState title="Este compromiso todavía no tiene indicadores">{allows(c, 'indicator.create') && <p>Define el primero con el formulario de abajo.</p>}</EmptyState>
      ) : (
        items.map((i) => (
          <IndicatorBlock key={i.id} indicator={i} headingLevel={2}>
            <Standing indicator={i} />
            {allows(i, 'indicator.measure') && <MeasurementForm indicator={i} timeZone={c.timeZone} onDone={refresh} />}
          </IndicatorBlock>
        ))
      )}
      {allows(c, 'indicator.create') && <NewIndicator commitmentId={c.id} onDone={refresh} />}
    </>
  );
}

const TREND_LABEL: Record<string, string> = { up: 'subió', down: 'bajó', flat: 'se mantuvo igual' };

/** Where the latest measurement leaves the indicator, in words. */
function Standing({ indicator: i }: { indicator: Indicator }) {
  if (i.progressToTarget === null) return null;
  return (
    <p>
      Avance hacia la meta: <strong>{formatNumber(i.progressToTarget, 1)} %</strong> del camino desde la línea base
      {i.trend && <> · en la última medición {TREND_LABEL[i.trend]}</>}.
    </p>
  );
}

function MeasurementForm({ indicator, timeZone, onDone }: { indicator: Indicator; timeZone: string; onDone: (m: string) => Promise<void> }) {
  const empty = { measuredOn: todayIn(timeZone), value: '', source: '', sourceUrl: '', note: '' };
  const [form, setForm] = useState(empty);
  const set = (k: keyof typeof empty) => (v: string) => setForm((f) => ({ ...f, [k]: v }));
  const send = useSubmit(async () => {
    await call(
      api.POST('/api/v1/indicators/{id}/measurements', {
        params: { path: { id: indicator.id } },
        body: { measuredOn: form.measuredOn, value: toNumber(form.value), source: form.source, sourceUrl: form.sourceUrl || undefined, note: form.note || undefined },
      }),
    );
    setForm(empty);
    await onDone(`Se registró la medición de «${indicator.name}».`);
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void send.submit();
  };
  const prefix = `m-${indicator.id}`;
  const errors = send.fieldErrors;
  return (
    <form onSubmit={onSubmit} noValidate className="subform" aria-labelledby={`${prefix}-title`}>
      <h3 id={`${prefix}-title`}>Registrar una medición de «{indicator.name}»</h3>
      {send.problem && <ErrorSummary message={send.message} errors={prefixed(errors, prefix)} labels={prefixed(MEASUREMENT_LABELS, prefix)} />}
      <Field name={`${prefix}-measuredOn`} label="Fecha de la medición" type="date" value={form.measuredOn} onChange={set('measuredOn')} error={errors.measuredOn} />
      <Field name={`${prefix}-value`} label={`Valor (${indicator.unit})`} inputMode="decimal" value={form.value} onChange={set('value')} error={errors.value} />
      <Field name={`${prefix}-source`} label="Fuente" hint="Quién produjo el dato, p. ej. «Registro Civil, informe trimestral»." value={form.source} onChange={set('source')} error={errors.source} />
      <Field name={`${prefix}-sourceUrl`} label="Enlace a la fuente (opcional)" type="url" value={form.sourceUrl} onChange={set('sourceUrl')} error={errors.sourceUrl} />
      <Field name={`${prefix}-note`} label="Nota (opcional)" value={form.note} onChange={set('note')} error={errors.note} />
      <button type="submit" className="button" disabled={send.busy}>
        {send.busy ? 'Registrando…' : 'Registrar medición'}
      </button>
    </form>
  );
}

function NewIndicator({ commitmentId, onDone }: { commitmentId: string; onDone: (m: string) => Promise<void> }) {
  const empty = { name: '', description: '', unit: '', baseline: '', baselineDate: '', target: '', targetDate: '' };
  const [form, setForm] = useState(empty);
  const set = (k: keyof typeof empty) => (v: string) => setForm((f) => ({ ...f, [k]: v }));
  const send = useSubmit(async () => {
    await call(
      api.POST('/api/v1/commitments/{id}/indicators', {
        params: { path: { id: commitmentId } },
        body: {
          name: form.name,
          description: form.description || undefined,
          unit: form.unit,
          baseline: toNumber(form.baseline),
          baselineDate: form.baselineDate || undefined,
          target: toNumber(form.target),
          targetDate: form.targetDate || undefined,
        },
      }),
    );
    setForm(empty);
    await onDone(`Se definió el indicador «${form.name}».`);
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void send.submit();
  };
  const errors = send.fieldErrors;
  return (
    <form onSubmit={onSubmit} noValidate className="subform" aria-labelledby="nuevo-indicador">
      <h2 id="nuevo-indicador">Definir un indicador</h2>
      {send.problem && <ErrorSummary message={send.message} errors={errors} labels={INDICATOR_LABELS} />}
      <Field name="name" label="Nombre" hint="Qué se mide, p. ej. «Solicitudes de información respondidas en plazo»." value={form.name} onChange={set('name')} error={errors.name} />
      <Field name="description" label="Descripción (opcional)" hint="Cómo se calcula y por qué muestra el resultado del compromiso." multiline value={form.description} onChange={set('description')} error={errors.description} />
      <Field name="unit" label="Unidad" hint="Por ejemplo %, solicitudes, días." value={form.unit} onChange={set('unit')} error={errors.unit} />
      <Field name="baseline" label="Línea base" hint="El valor antes de empezar." inputMode="decimal" value={form.baseline} onChange={set('baseline')} error={errors.baseline} />
      <Field name="baselineDate" label="Fecha de la línea base (opcional)" type="date" value={form.baselineDate} onChange={set('baselineDate')} error={errors.baselineDate} />
      <Field name="target" label="Meta" hint="El valor que el compromiso quiere alcanzar; distinto de la línea base." inputMode="decimal" value={form.target} onChange={set('target')} error={errors.target} />
      <Field name="targetDate" label="Fecha de la meta (opcional)" type="date" value={form.targetDate} onChange={set('targetDate')} error={errors.targetDate} />
      <button type="submit" className="button" disabled={send.busy}>
        {send.busy ? 'Guardando…' : 'Definir indicador'}
      </button>
    </form>
  );
}

/** Field names of a form repeated once per indicator carry the indicator's prefix. */
function prefixed(map: Record<string, string>, prefix: string): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [`${prefix}-${k}`, v]));
}
