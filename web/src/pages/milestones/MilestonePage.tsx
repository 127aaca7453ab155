import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState, type DragEvent, type FormEvent, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { RequireSignIn } from '../../auth/RequireSignIn';
import { Breadcrumbs, Confirmation, ConfirmBox, EmptyState, ErrorSummary, Field, Loading, PageTitle, ProblemNotice } from '../../components/ui';
import { allows } from '../../lib/actions';
import { formatBytes, formatDateTime, formatNumber } from '../../lib/format';
import { ProblemError } from '../../lib/problems';
import { useSubmit } from '../../lib/use-submit';
import { useCommitment } from '../indicators/commitment-context';
import { useOrganizationNames } from '../proposals/proposal-common';
import { ACCEPT_ATTRIBUTE, ACCEPTED_TYPES_TEXT, DueDate, fetchEvidenceFile, fileRefusal, MilestoneBadges, uploadEvidence } from './milestone-common';

type MilestoneDetail = Schemas['MilestoneDetailDto'];
type Evidence = Schemas['EvidenceDto'];

/**
 * One milestone for the members: where it stands (status, due date in the state's zone,
 * overdue, the guarantor's observations), its evidence (links and files, shown inline where
 * the browser can), the responsible organization's actions (start, attach evidence, submit)
 * and the guarantor's review. Every button comes from the API's `actions`.
 */
export default function MilestonePage() {
  return (
    <RequireSignIn>
      <MilestoneScreen />
    </RequireSignIn>
  );
}

function MilestoneScreen() {
  const { id = '' } = useParams();
  const milestone = useQuery({ queryKey: ['milestone', id], queryFn: () => call(api.GET('/api/v1/milestones/{id}', { params: { path: { id } } })) });
  const evidence = useQuery({ queryKey: ['evidence', id], queryFn: () => call(api.GET('/api/v1/milestones/{id}/evidence', { params: { path: { id } } })) });
  const reviews = useQuery({ queryKey: ['reviews', id], queryFn: () => call(api.GET('/api/v1/milestones/{id}/reviews', { params: { path: { id } } })) });
  const commitment = useCommitment(milestone.data?.commitmentId ?? '');
  const names = useOrganizationNames([milestone.data?.responsibleOrganizationId]);
  const [notice, setNotice] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const refresh = async (message: string) => {
    setNotice(message);
    const commitmentId = milestone.data?.commitmentId;
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: ['milestone', id] }),
      queryClient.invalidateQueries({ queryKey: ['evidence', id] }),
      queryClient.invalidateQueries({ queryKey: ['reviews', id] }),
      queryClient.invalidateQueries({ queryKey: ['milestones', commitmentId] }),
      queryClient.invalidateQueries({ queryKey: ['commitment', commitmentId] }),
      queryClient.invalidateQueries({ queryKey: ['review-queue'] }),
      queryClient.invalidateQueries({ queryKey: ['my-tasks'] }),
    ]);
  };
  const failed = milestone.error ?? evidence.error ?? reviews.error ?? (milestone.data ? commitment.error : null);
  if (failed)
    return (
      <>
        <PageTitle>Hito</PageTitle>
        <ProblemNotice problem={failed} />
      </>
    );
  if (!milestone.data || !evidence.data || !reviews.data || !commitment.data) return <Loading what="el hito" />;
  const m = milestone.data;
  const c = commitment.data;
  const items = evidence.data.items;
  const current = items.filter((e) => !e.supersededById);
  const superseded = items.filter((e) => e.supersededById);
  return (
    <>
      <Breadcrumbs
        items={[
          { to: '/mis-secretariados', label: 'Mis secretariados' },
          { to: `/mis-secretariados/${c.secretariatId}`, label: c.secretariatName },
          { to: `/gestion/compromisos/${c.id}`, label: c.title },
          { to: `/gestion/compromisos/${c.id}/hitos`, label: 'Hitos' },
          { label: m.title },
        ]}
      />
      <p className="code">
        {c.code} · Hito {m.position}
      </p>
      <PageTitle>{m.title}</PageTitle>
      <p className="meta">
        <MilestoneBadges milestone={m} />
        <span>Peso: {formatNumber(m.weight)} de 100</span>
      </p>
      {notice && (
        <Confirmation key={notice}>
          <p>{notice}</p>
        </Confirmation>
      )}
      {m.status === 'returned' && m.observations && (
        <div className="notice response-box" role="note" aria-label="Observaciones del órgano garante">
          <p>
            <strong>El órgano garante devolvió el hito con estas observaciones:</strong>
          </p>
          <p>{m.observations}</p>
          {allows(m, 'milestone.start') && <p>Atiéndelas, retoma el hito y vuelve a enviarlo con su evidencia.</p>}
        </div>
      )}
      <dl className="facts">
        <Fact term="Fecha límite">
          <DueDate milestone={m} timeZone={c.timeZone} /> <span className="muted">· hora del estado</span>
        </Fact>
        <Fact term="Organización responsable">{names.get(m.responsibleOrganizationId)?.name ?? '—'}</Fact>
        <Fact term="Periodo">
          del {m.startDate} al {m.dueDate}
        </Fact>
        {m.deliverable && <Fact term="Entregable">{m.deliverable}</Fact>}
        {m.meansOfVerification && <Fact term="Cómo se verifica">{m.meansOfVerification}</Fact>}
        {m.submittedAt && <Fact term="Enviado a revisión">{formatDateTime(m.submittedAt, c.timeZone)}</Fact>}
      </dl>

      <WorkActions milestone={m} onDone={refresh} />

      <section aria-labelledby="evidencia">
        <h2 id="evidencia">Evidencia</h2>
        {current.length === 0 ? (
          <EmptyState title="Todavía no hay evidencia">{allows(m, 'evidence.add') && <p>Adjunta un archivo o un enlace que demuestre que el hito se cumplió.</p>}</EmptyState>
        ) : (
          <ul className="evidence-list">
            {current.map((e) => (
              <EvidenceItem key={e.id} evidence={e} milestone={m} timeZone={c.timeZone} onDone={refresh} />
            ))}
          </ul>
        )}
        {superseded.length > 0 && (
          <details>
            <summary>Evidencia sustituida ({formatNumber(superseded.length)})</summary>
            <ul className="evidence-list">
              {superseded.map((e) => (
                <EvidenceItem key={e.id} evidence={e} milestone={m} timeZone={c.timeZone} onDone={refresh} />
              ))}
            </ul>
          </details>
        )}
        {allows(m, 'evidence.add') && <EvidenceForm milestone={m} onDone={refresh} />}
      </section>

      {allows(m, 'milestone.review') && <ReviewForm milestone={m} onDone={refresh} />}
      {m.status === 'submitted' && !allows(m, 'milestone.review') && <p className="notice">El hito está en revisión del órgano garante; lo revisa una persona titular o suplente de otra organización.</p>}

      <section aria-labelledby="revisiones">
        <h2 id="revisiones">Historial de revisiones</h2>
        {reviews.data.items.length === 0 ? (
          <p>El órgano garante todavía no ha revisado este hito.</p>
        ) : (
          <ol className="revisions">
            {reviews.data.items.map((r) => (
              <li key={r.id} className="revision">
                <h3>
                  {r.decision === 'approve' ? 'Aprobado' : 'Devuelto con observaciones'} · {formatDateTime(r.createdAt, c.timeZone)}
                </h3>
                {r.observations && <p>{r.observations}</p>}
              </li>
            ))}
          </ol>
        )}
      </section>
      <p>
        <Link to={`/gestion/compromisos/${c.id}/hitos`}>Ver todos los hitos del compromiso</Link>
      </p>
    </>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** Start and submit, each with a plain confirmation first: both tell other people. */
function WorkActions({ milestone: m, onDone }: { milestone: MilestoneDetail; onDone: (message: string) => Promise<void> }) {
  const [asking, setAsking] = useState<'start' | 'submit' | null>(null);
  const act = useSubmit(async (what: 'start' | 'submit') => {
    if (what === 'start') await call(api.POST('/api/v1/milestones/{id}/start', { params: { path: { id: m.id } } }));
    else await call(api.POST('/api/v1/milestones/{id}/submit', { params: { path: { id: m.id } } }));
    setAsking(null);
    await onDone(what === 'start' ? 'El hito quedó en curso. Ya puedes adjuntar su evidencia.' : 'Enviaste el hito a revisión. El órgano garante recibió el aviso.');
  });
  const canStart = allows(m, 'milestone.start');
  const canSubmit = allows(m, 'milestone.submit');
  if (!canStart && !canSubmit) return null;
  if (asking)
    return (
      <ConfirmBox
        title={asking === 'start' ? '¿Iniciar el hito?' : '¿Enviar el hito a revisión?'}
        problem={act.problem}
        busy={act.busy}
        yes={asking === 'start' ? 'Sí, iniciarlo' : 'Sí, enviarlo'}
        onYes={() => void act.submit(asking)}
        onNo={() => setAsking(null)}
      >
        {asking === 'start'
          ? 'El hito pasa a «En curso» y podrás adjuntar su evidencia.'
          : 'El órgano garante revisará la evidencia adjunta para aprobar el hito o devolverlo con observaciones. Mientras lo revisa, la evidencia ya no se puede quitar, solo sustituir.'}
      </ConfirmBox>
    );
  return (
    <div className="actions">
      {canStart && (
        <button type="button" className="button" onClick={() => setAsking('start')}>
          {m.status === 'returned' ? 'Retomar el hito' : 'Iniciar el hito'}
        </button>
      )}
      {canSubmit && (
        <button type="button" className="button" onClick={() => setAsking('submit')}>
          Enviar a revisión
        </button>
      )}
    </div>
  );
}

const INLINE_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp'];

function EvidenceItem({ evidence: e, milestone: m, timeZone, onDone }: { evidence: Evidence; milestone: MilestoneDetail; timeZone: string; onDone: (message: string) => Promise<void> }) {
  const [superseding, setSuperseding] = useState(false);
  const name = e.kind === 'file' ? (e.fileName ?? 'Archivo') : (e.url ?? 'Enlace');
  const remove = useSubmit(async () => {
    await call(api.DELETE('/api/v1/evidence/{id}', { params: { path: { id: e.id } } }));
    await onDone(`Se quitó la evidencia «${name}».`);
  });
  const flag = useSubmit(async () => {
    await call(api.PATCH('/api/v1/evidence/{id}', { params: { path: { id: e.id } }, body: { public: !e.public } }));
    await onDone(e.public ? `«${name}» ahora solo la ven las personas integrantes.` : `«${name}» se mostrará en el portal público.`);
  });
  const canSupersede = !e.supersededById && !allows(e, 'evidence.remove') && allows(m, 'evidence.add');
  return (
    <li className="evidence-item" aria-label={name}>
      <p className="evidence-name">
        {e.kind === 'link' ? (
          <a href={e.url ?? '#'} rel="noopener noreferrer" target="_blank">
            {name}
            <span className="visually-hidden"> (abre en otra pestaña)</span>
          </a>
        ) : (
          <strong>{name}</strong>
        )}
      </p>
      <p className="meta">
        <span>{e.kind === 'link' ? 'Enlace' : `Archivo · ${formatBytes(e.sizeBytes ?? 0)}`}</span>
        <span>{e.public ? 'Pública: se verá en el portal' : 'Privada: solo integrantes'}</span>
        <span>Agregada el {formatDateTime(e.createdAt, timeZone)}</span>
        {e.supersededById && <span>Sustituida por otra evidencia</span>}
      </p>
      {e.description && <p>{e.description}</p>}
      {e.kind === 'file' && e.downloadUrl && <FileViewer evidence={e} />}
      {(remove.problem || flag.problem) && <ProblemNotice problem={remove.problem ?? flag.problem} />}
      <div className="inline-actions">
        {allows(e, 'evidence.update') && !e.supersededById && (
          <button type="button" className="button button-secondary" disabled={flag.busy} onClick={() => void flag.submit()}>
            {e.public ? 'Hacerla privada' : 'Hacerla pública'}
          </button>
        )}
        {allows(e, 'evidence.remove') && (
          <button type="button" className="button button-secondary" disabled={remove.busy} onClick={() => void remove.submit()}>
            Quitar
          </button>
        )}
        {canSupersede && !superseding && (
          <button type="button" className="button button-secondary" onClick={() => setSuperseding(true)}>
            Sustituir
          </button>
        )}
      </div>
      {superseding && (
        <EvidenceForm
          milestone={m}
          supersedes={e}
          onCancel={() => setSuperseding(false)}
          onDone={async (message) => {
            setSuperseding(false);
            await onDone(message);
          }}
        />
      )}
    </li>
  );
}

/**
 * PDF and images open inline (read with the member's token into a blob: URL, which the CSP
 * allows for frames and images); other files, and browsers that cannot show them, download.
 */
function FileViewer({ evidence: e }: { evidence: Evidence }) {
  const [url, setUrl] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const load = useSubmit(async (then: 'show' | 'download') => {
    const blob = await fetchEvidenceFile(e.downloadUrl!);
    const objectUrl = URL.createObjectURL(blob);
    if (then === 'download') {
      const a = document.createElement('a');
      a.href = objectUrl;
      a.download = e.fileName ?? 'evidencia';
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(objectUrl), 60_000);
    } else {
      setUrl(objectUrl);
      setOpen(true);
    }
  });
  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);
  const inline = INLINE_TYPES.includes(e.contentType ?? '');
  return (
    <div className="evidence-viewer">
      <div className="inline-actions">
        {inline && (
          <button type="button" className="button button-secondary" aria-expanded={open} disabled={load.busy} onClick={() => (url ? setOpen(!open) : void load.submit('show'))}>
            {open ? 'Ocultar' : 'Ver aquí'}
          </button>
        )}
        <button type="button" className="button button-secondary" disabled={load.busy} onClick={() => void load.submit('download')}>
          Descargar
        </button>
      </div>
      {load.problem && <ProblemNotice problem={load.problem} />}
      {open && url && (e.contentType === 'application/pdf' ? <iframe src={url} title={`Vista de ${e.fileName}`} className="evidence-frame" /> : <img src={url} alt={e.description || `Imagen ${e.fileName}`} className="evidence-image" />)}
    </div>
  );
}

/** A file (with drag-and-drop and a progress bar) or a link; `supersedes` replaces an item once the milestone is submitted. */
function EvidenceForm({ milestone: m, supersedes, onDone, onCancel }: { milestone: MilestoneDetail; supersedes?: Evidence; onDone: (message: string) => Promise<void>; onCancel?: () => void }) {
  const uid = `evidencia-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const [kind, setKind] = useState<'file' | 'link'>('file');
  const [file, setFile] = useState<File | null>(null);
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [isPublic, setIsPublic] = useState(true);
  const [progress, setProgress] = useState<{ name: string; fraction: number } | null>(null);
  const [dragging, setDragging] = useState(false);
  const pick = (f: File | null | undefined) => {
    setProgress(null);
    if (!f) return setFile(null);
    const refusal = fileRefusal(f);
    setFileProblem(refusal);
    setFile(refusal ? null : f);
  };
  const send = useSubmit(async () => {
    if (kind === 'file') {
      if (!file) throw new ProblemError({ status: 400, code: 'file_missing', detail: fileProblem ?? 'Elige el archivo que quieres adjuntar.' });
      const sent = file;
      setProgress({ name: sent.name, fraction: 0 });
      try {
        await uploadEvidence(m.id, { file: sent, description, public: isPublic, supersedesId: supersedes?.id }, (fraction) => setProgress({ name: sent.name, fraction }));
      } catch (error) {
        setProgress(null);
        throw error;
      }
      setProgress({ name: sent.name, fraction: 1 });
      setFile(null);
      setDescription('');
      await onDone(supersedes ? `«${sent.name}» sustituyó a la evidencia anterior.` : `Se adjuntó «${sent.name}».`);
    } else {
      await call(
        api.POST('/api/v1/milestones/{id}/evidence', {
          params: { path: { id: m.id } },
          body: { kind: 'link', url, description: description || undefined, public: isPublic, ...(supersedes ? { supersedesId: supersedes.id } : {}) },
        }),
      );
      setUrl('');
      setDescription('');
      await onDone(supersedes ? 'El enlace sustituyó a la evidencia anterior.' : 'Se adjuntó el enlace.');
    }
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void send.submit();
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    pick(e.dataTransfer.files?.[0]);
  };
  const title = supersedes ? `Sustituir «${supersedes.fileName ?? supersedes.url}»` : 'Adjuntar evidencia';
  const errors = send.fieldErrors;
  const percent = progress ? Math.round(progress.fraction * 100) : 0;
  return (
    <form onSubmit={onSubmit} noValidate className="subform" aria-labelledby={`${uid}-title`}>
      <h3 id={`${uid}-title`}>{title}</h3>
      {send.problem && <ErrorSummary message={send.message} errors={prefixed(errors, uid)} labels={prefixed({ url: 'Enlace', description: 'Descripción', file: 'Archivo', public: 'Pública' }, uid)} />}
      <fieldset className="field">
        <legend>¿Qué vas a adjuntar?</legend>
        <div className="checkbox">
          <input type="radio" id={`${uid}-kind-file`} name={`${uid}-kind`} checked={kind === 'file'} onChange={() => setKind('file')} />
          <label htmlFor={`${uid}-kind-file`}>Un archivo</label>
        </div>
        <div className="checkbox">
          <input type="radio" id={`${uid}-kind-link`} name={`${uid}-kind`} checked={kind === 'link'} onChange={() => setKind('link')} />
          <label htmlFor={`${uid}-kind-link`}>Un enlace a una página o documento en línea</label>
        </div>
      </fieldset>
      {kind === 'file' ? (
        <div
          className={`field dropzone${dragging ? ' dragging' : ''}${fileProblem ? ' field-error' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <label htmlFor={`${uid}-file`}>Archivo</label>
          <div id={`${uid}-file-hint`} className="hint">
            Elige un archivo o arrástralo a este recuadro. Se aceptan {ACCEPTED_TYPES_TEXT}, de hasta 20 MB.
          </div>
          {fileProblem && (
            <p className="error-message" role="alert">
              <span className="visually-hidden">Error: </span>
              {fileProblem}
            </p>
          )}
          <input id={`${uid}-file`} type="file" accept={ACCEPT_ATTRIBUTE} aria-describedby={`${uid}-file-hint`} onChange={(e) => pick(e.target.files?.[0])} />
          {file && (
            <p>
              Listo para enviar: <strong>{file.name}</strong> ({formatBytes(file.size)})
            </p>
          )}
        </div>
      ) : (
        <Field name={`${uid}-url`} label="Enlace" type="url" hint="La dirección completa, empezando por https://" value={url} onChange={setUrl} error={errors.url} />
      )}
      {progress && (
        <div className="upload-progress">
          <label htmlFor={`${uid}-progress`}>
            {percent < 100 ? `Enviando «${progress.name}»: ${percent} %` : `«${progress.name}» se envió completo (100 %)`}
          </label>
          <progress id={`${uid}-progress`} max={100} value={percent}>
            {percent} %
          </progress>
        </div>
      )}
      <Field name={`${uid}-description`} label="Descripción (opcional)" hint="Qué contiene y cómo demuestra el avance del hito." value={description} onChange={setDescription} error={errors.description} />
      <div className="checkbox">
        <input type="checkbox" id={`${uid}-public`} checked={isPublic} onChange={(e) => setIsPublic(e.target.checked)} aria-describedby={`${uid}-public-hint`} />
        <label htmlFor={`${uid}-public`}>Mostrarla en el portal público</label>
      </div>
      <p id={`${uid}-public-hint`} className="hint">
        Si la dejas marcada, cualquier persona podrá verla en el portal de transparencia una vez publicado el plan. Desmárcala si contiene datos personales o información reservada: entonces solo la verán
        las personas integrantes del secretariado, incluido el órgano garante que la revisa.
      </p>
      <div className="actions">
        <button type="submit" className="button" disabled={send.busy}>
          {send.busy ? 'Enviando…' : supersedes ? 'Sustituir evidencia' : kind === 'file' ? 'Adjuntar archivo' : 'Adjuntar enlace'}
        </button>
        {onCancel && (
          <button type="button" className="button button-secondary" onClick={onCancel}>
            Cancelar
          </button>
        )}
      </div>
    </form>
  );
}

/** The guarantor's decision: approve, or return with observations (the API requires them). */
function ReviewForm({ milestone: m, onDone }: { milestone: MilestoneDetail; onDone: (message: string) => Promise<void> }) {
  const [observations, setObservations] = useState('');
  const send = useSubmit(async (decision: 'approve' | 'return') => {
    await call(api.POST('/api/v1/milestones/{id}/review', { params: { path: { id: m.id } }, body: { decision, ...(observations.trim() || decision === 'return' ? { observations } : {}) } }));
    setObservations('');
    await onDone(decision === 'approve' ? 'Aprobaste el hito. Su peso ya cuenta en el avance verificado del compromiso.' : 'Devolviste el hito con tus observaciones. La organización responsable recibió el aviso.');
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void send.submit('return');
  };
  return (
    <form onSubmit={onSubmit} noValidate className="subform" aria-labelledby="revisar-hito">
      <h2 id="revisar-hito">Revisar el hito</h2>
      <p>Revisa la evidencia de arriba. Si demuestra que el hito se cumplió, apruébalo; si no, devuélvelo diciendo qué falta.</p>
      {send.problem && <ErrorSummary message={send.message} errors={send.fieldErrors} labels={{ observations: 'Observaciones', decision: 'Decisión' }} />}
      <Field
        name="observations"
        label="Observaciones"
        hint="Obligatorias para devolverlo; opcionales al aprobarlo. La organización responsable las leerá."
        multiline
        value={observations}
        onChange={setObservations}
        error={send.fieldErrors.observations}
      />
      <div className="actions">
        <button type="button" className="button" disabled={send.busy} onClick={() => void send.submit('approve')}>
          Aprobar el hito
        </button>
        <button type="submit" className="button button-secondary" disabled={send.busy}>
          Devolver con observaciones
        </button>
      </div>
    </form>
  );
}


/** Field names of a form repeated on the page carry its prefix, so the summary's links reach them. */
function prefixed(map: Record<string, string>, prefix: string): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [`${prefix}-${k}`, v]));
}
