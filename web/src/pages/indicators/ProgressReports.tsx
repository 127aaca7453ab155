import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { RequireSignIn } from '../../auth/RequireSignIn';
import { Confirmation, EmptyState, ErrorSummary, Field, Loading, PageTitle, ProblemNotice } from '../../components/ui';
import { allows } from '../../lib/actions';
import { formatDateTime, formatNumber, relativeTime } from '../../lib/format';
import { label, SECTOR_LABEL } from '../../lib/labels';
import { useSubmit } from '../../lib/use-submit';
import { CommitmentCrumbs, useCommitment } from './commitment-context';

type Report = Schemas['ProgressReportDto'];
type Period = Report['period'];

const PERIODS: Period[] = ['first', 'second', 'final'];
const PERIOD_LABEL: Record<Period, string> = { first: 'Primer informe de avance', second: 'Segundo informe de avance', final: 'Informe final' };

/**
 * A commitment's progress reports: the lead agency writes one per period (and corrects it),
 * civil society and the guarantor body comment on it. Each report keeps the verified progress
 * it was written against, so a reader can tell the words from the evidence.
 */
export default function ProgressReports() {
  return (
    <RequireSignIn>
      <ReportsScreen />
    </RequireSignIn>
  );
}

function ReportsScreen() {
  const { id = '' } = useParams();
  const commitment = useCommitment(id);
  const reports = useQuery({ queryKey: ['progress-reports', id], queryFn: () => call(api.GET('/api/v1/commitments/{id}/progress-reports', { params: { path: { id } } })) });
  const [notice, setNotice] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const refresh = async (message: string) => {
    setNotice(message);
    await queryClient.invalidateQueries({ queryKey: ['progress-reports', id] });
  };
  if (commitment.isPending || reports.isPending) return <Loading what="los informes de avance" />;
  if (commitment.isError || reports.isError)
    return (
      <>
        <PageTitle>Informes de avance</PageTitle>
        <ProblemNotice problem={commitment.error ?? reports.error} />
      </>
    );
  const c = commitment.data;
  const items = reports.data.items;
  const written = new Set(items.map((r) => r.period));
  const open = PERIODS.filter((p) => !written.has(p));
  return (
    <>
      <CommitmentCrumbs commitment={c} here="Informes de avance" />
      <PageTitle title={`Informes de avance de ${c.title}`}>
        Informes de avance <span className="muted">de «{c.title}»</span>
      </PageTitle>
      <p className="lead">La dependencia responsable cuenta qué se ha hecho en cada periodo; la sociedad civil y el organismo garante lo comentan.</p>
      {notice && (
        <Confirmation key={notice}>
          <p>{notice}</p>
        </Confirmation>
      )}
      {items.length === 0 ? (
        <EmptyState title="Todavía no hay informes de avance">
          <p>{allows(c, 'progress_report.create') ? 'Escribe el primero con el formulario de abajo.' : 'La dependencia responsable los escribe durante la implementación.'}</p>
        </EmptyState>
      ) : (
        items.map((r) => <ReportItem key={r.id} report={r} timeZone={c.timeZone} onChanged={refresh} />)
      )}
      {allows(c, 'progress_report.create') && open.length > 0 && <NewReport commitmentId={c.id} periods={open} onDone={refresh} />}
    </>
  );
}

function ReportItem({ report: r, timeZone, onChanged }: { report: Report; timeZone: string; onChanged: (m: string) => Promise<void> }) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(r.text);
  const save = useSubmit(async () => {
    await call(api.PATCH('/api/v1/progress-reports/{id}', { params: { path: { id: r.id } }, body: { version: r.version, text } }));
    setEditing(false);
    await onChanged(`Se guardó el ${PERIOD_LABEL[r.period].toLowerCase()} corregido.`);
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void save.submit();
  };
  return (
    <article className="card report" aria-labelledby={`r-${r.id}`}>
      <h2 id={`r-${r.id}`}>{PERIOD_LABEL[r.period]}</h2>
      <p className="meta">
        <span>Escrito el {formatDateTime(r.createdAt, timeZone)}</span>
        {r.updatedAt !== r.createdAt && <span>corregido {relativeTime(r.updatedAt)}</span>}
        <span>Avance verificado al escribirlo: {formatNumber(r.progressAtReport, 1)} %</span>
      </p>
      {editing ? (
        <form onSubmit={onSubmit} noValidate>
          {save.problem && <ErrorSummary message={save.message} errors={prefixText(save.fieldErrors, r.id)} labels={{ [`text-${r.id}`]: 'Texto del informe' }} />}
          <Field name={`text-${r.id}`} label="Texto del informe" multiline value={text} onChange={setText} error={save.fieldErrors.text} />
          <div className="actions">
            <button type="submit" className="button" disabled={save.busy}>
              {save.busy ? 'Guardando…' : 'Guardar informe'}
            </button>
            <button type="button" className="button button-secondary" onClick={() => setEditing(false)}>
              Cancelar
            </button>
          </div>
        </form>
      ) : (
        <>
          <p className="prose">{r.text}</p>
          {allows(r, 'progress_report.update') && (
            <button type="button" className="button button-secondary" onClick={() => setEditing(true)}>
              Corregir el informe
            </button>
          )}
        </>
      )}
      <ReportComments report={r} timeZone={timeZone} onDone={onChanged} />
    </article>
  );
}

function ReportComments({ report: r, timeZone, onDone }: { report: Report; timeZone: string; onDone: (m: string) => Promise<void> }) {
  const [text, setText] = useState('');
  const send = useSubmit(async () => {
    await call(api.POST('/api/v1/progress-reports/{id}/comments', { params: { path: { id: r.id } }, body: { text } }));
    setText('');
    await onDone('Tu comentario quedó publicado.');
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void send.submit();
  };
  return (
    <section aria-label={`Comentarios del ${PERIOD_LABEL[r.period].toLowerCase()}`}>
      <h3>Comentarios</h3>
      {r.comments.length === 0 ? (
        <p className="muted">Sin comentarios todavía.</p>
      ) : (
        <ol className="comments">
          {r.comments.map((m) => (
            <li key={m.id} className="comment">
              <p className="comment-head">
                <strong>{label(SECTOR_LABEL, m.sector)}</strong>{' '}
                <time dateTime={m.createdAt} title={formatDateTime(m.createdAt, timeZone)}>
                  {relativeTime(m.createdAt)}
                </time>
              </p>
              <p className="prose">{m.text}</p>
            </li>
          ))}
        </ol>
      )}
      {allows(r, 'progress_report.comment') && (
        <form onSubmit={onSubmit} noValidate className="comment-form">
          {send.problem && <ProblemNotice problem={send.problem} />}
          <Field name={`comment-${r.id}`} label="Tu comentario sobre este informe" multiline value={text} onChange={setText} error={send.fieldErrors.text} />
          <button type="submit" className="button" disabled={send.busy}>
            {send.busy ? 'Publicando…' : 'Publicar comentario'}
          </button>
        </form>
      )}
    </section>
  );
}

function NewReport({ commitmentId, periods, onDone }: { commitmentId: string; periods: Period[]; onDone: (m: string) => Promise<void> }) {
  const [period, setPeriod] = useState<Period>(periods[0]);
  const [text, setText] = useState('');
  const send = useSubmit(async () => {
    await call(api.POST('/api/v1/commitments/{id}/progress-reports', { params: { path: { id: commitmentId } }, body: { period, text } }));
    setText('');
    await onDone(`Se publicó el ${PERIOD_LABEL[period].toLowerCase()}.`);
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void send.submit();
  };
  return (
    <form onSubmit={onSubmit} noValidate className="subform" aria-labelledby="nuevo-informe">
      <h2 id="nuevo-informe">Escribir un informe de avance</h2>
      {send.problem && <ErrorSummary message={send.message} errors={send.fieldErrors} labels={{ period: 'Periodo', text: 'Texto del informe' }} />}
      <fieldset className="field">
        <legend>Periodo</legend>
        {periods.map((p) => (
          <div className="checkbox" key={p}>
            <input type="radio" id={`period-${p}`} name="period" value={p} checked={period === p} onChange={() => setPeriod(p)} />
            <label htmlFor={`period-${p}`}>{PERIOD_LABEL[p]}</label>
          </div>
        ))}
      </fieldset>
      <Field
        name="text"
        label="Texto del informe"
        hint="Qué se hizo en el periodo, qué falta y qué obstáculos hubo. Lo leen todas las personas del Secretariado."
        multiline
        value={text}
        onChange={setText}
        error={send.fieldErrors.text}
      />
      <button type="submit" className="button" disabled={send.busy}>
        {send.busy ? 'Publicando…' : 'Publicar informe'}
      </button>
    </form>
  );
}

const prefixText = (errors: Record<string, string>, id: string) => (errors.text ? { [`text-${id}`]: errors.text } : {});
