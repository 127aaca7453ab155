import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useLocation } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { Confirmation, ErrorSummary, Field, Loading, ProblemNotice } from '../../components/ui';
import { allows } from '../../lib/actions';
import { formatDateTime, relativeTime } from '../../lib/format';
import { useSubmit } from '../../lib/use-submit';

type Comment = Schemas['CommentDto'];
type Thread = Schemas['CommentThreadDto'];
type Detail = Schemas['ProposalDetailDto'];

/**
 * The proposal's conversation: comments oldest first with one level of replies. Authors edit
 * or delete their own for 15 minutes, coordinators hide with a reason — each button only
 * when the comment's `actions` list it.
 */
export function Comments({ proposal, timeZone }: { proposal: Detail; timeZone?: string }) {
  const queryClient = useQueryClient();
  const key = ['comments', proposal.id];
  const thread = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => call(api.GET('/api/v1/proposals/{id}/comments', { params: { path: { id: proposal.id }, query: { limit: 50, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // A conversation is read to see what is new: refetch whenever the proposal opens.
    staleTime: 0,
  });
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = async (message: string) => {
    setNotice(message);
    await queryClient.invalidateQueries({ queryKey: key });
  };
  const items = thread.data?.pages.flatMap((pg) => pg.items) ?? [];
  // A notification's link (#comentario-<id>) opens the proposal at that comment once it is loaded.
  const location = useLocation();
  useEffect(() => {
    if (thread.data && location.hash.startsWith('#comentario-')) document.getElementById(location.hash.slice(1))?.scrollIntoView();
  }, [thread.data, location.hash]);
  const canComment = allows(proposal, 'comment.create');
  return (
    <section aria-labelledby="comentarios">
      <h2 id="comentarios">Comentarios</h2>
      {notice && (
        <Confirmation key={notice}>
          <p>{notice}</p>
        </Confirmation>
      )}
      {thread.isPending ? (
        <Loading what="los comentarios" />
      ) : thread.isError ? (
        <ProblemNotice problem={thread.error} retry={() => void thread.refetch()} />
      ) : items.length === 0 ? (
        <p>Todavía no hay comentarios.{canComment && ' Puedes escribir el primero.'}</p>
      ) : (
        <ol className="comments">
          {items.map((c) => (
            <li key={c.id} className="comment-thread">
              <CommentItem comment={c} timeZone={timeZone} onChanged={refresh} />
              {c.replies.length > 0 && (
                <ol className="replies" aria-label={`Respuestas a ${c.authorName}`}>
                  {c.replies.map((r) => (
                    <li key={r.id}>
                      <CommentItem comment={r} timeZone={timeZone} onChanged={refresh} />
                    </li>
                  ))}
                </ol>
              )}
              {canComment && !c.deleted && <ReplyForm proposalId={proposal.id} parent={c} onDone={refresh} />}
            </li>
          ))}
        </ol>
      )}
      {thread.hasNextPage && (
        <button type="button" className="button button-secondary" onClick={() => void thread.fetchNextPage()}>
          Ver más comentarios
        </button>
      )}
      {canComment && <NewComment proposalId={proposal.id} onDone={refresh} />}
    </section>
  );
}

function NewComment({ proposalId, onDone }: { proposalId: string; onDone: (m: string) => Promise<void> }) {
  const [body, setBody] = useState('');
  const send = useSubmit(async () => {
    await call(api.POST('/api/v1/proposals/{id}/comments', { params: { path: { id: proposalId } }, body: { body } }));
    setBody('');
    await onDone('Tu comentario quedó publicado.');
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void send.submit();
  };
  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="nuevo-comentario" className="comment-form">
      <h3 id="nuevo-comentario">Escribe un comentario</h3>
      {send.problem && <ErrorSummary message={send.message} errors={send.fieldErrors} labels={{ body: 'Comentario' }} />}
      <Field name="body" label="Comentario" hint="Lo leen todas las personas integrantes del Secretariado. Puedes corregirlo o borrarlo durante 15 minutos." multiline value={body} onChange={setBody} error={send.fieldErrors.body} />
      <button type="submit" className="button" disabled={send.busy}>
        {send.busy ? 'Publicando…' : 'Publicar comentario'}
      </button>
    </form>
  );
}

function ReplyForm({ proposalId, parent, onDone }: { proposalId: string; parent: Thread; onDone: (m: string) => Promise<void> }) {
  const [open, setOpen] = useState(false);
  const [body, setBody] = useState('');
  const send = useSubmit(async () => {
    await call(api.POST('/api/v1/proposals/{id}/comments', { params: { path: { id: proposalId } }, body: { body, parentId: parent.id } }));
    setBody('');
    setOpen(false);
    await onDone('Tu respuesta quedó publicada.');
  });
  if (!open)
    return (
      <button type="button" className="text-button reply-toggle" onClick={() => setOpen(true)}>
        Responder<span className="visually-hidden"> a {parent.authorName}</span>
      </button>
    );
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void send.submit();
  };
  return (
    <form onSubmit={onSubmit} noValidate className="comment-form reply-form">
      {send.problem && <ProblemNotice problem={send.problem} />}
      <Field name={`reply-${parent.id}`} label={`Tu respuesta a ${parent.authorName}`} multiline value={body} onChange={setBody} error={send.fieldErrors.body} />
      <div className="actions">
        <button type="submit" className="button" disabled={send.busy}>
          {send.busy ? 'Publicando…' : 'Publicar respuesta'}
        </button>
        <button type="button" className="button button-secondary" onClick={() => setOpen(false)}>
          Cancelar
        </button>
      </div>
    </form>
  );
}

function CommentItem({ comment: c, timeZone, onChanged }: { comment: Comment; timeZone?: string; onChanged: (m: string) => Promise<void> }) {
  const [mode, setMode] = useState<'view' | 'edit' | 'delete' | 'hide'>('view');
  const [body, setBody] = useState(c.body ?? '');
  const [reason, setReason] = useState('');
  const act = useSubmit(async (what: 'edit' | 'delete' | 'hide') => {
    const path = { params: { path: { id: c.id } } };
    if (what === 'edit') await call(api.PATCH('/api/v1/proposal-comments/{id}', { ...path, body: { body } }));
    if (what === 'delete') await call(api.DELETE('/api/v1/proposal-comments/{id}', path));
    if (what === 'hide') await call(api.POST('/api/v1/proposal-comments/{id}/hide', { ...path, body: { reason } }));
    setMode('view');
    await onChanged(what === 'edit' ? 'Se guardó tu comentario corregido.' : what === 'delete' ? 'Se eliminó tu comentario.' : 'El comentario quedó oculto.');
  });
  const submit = (what: 'edit' | 'delete' | 'hide') => (e: FormEvent) => {
    e.preventDefault();
    void act.submit(what);
  };
  return (
    <article id={`comentario-${c.id}`} className={`comment${c.hidden ? ' comment-hidden' : ''}`} aria-label={`Comentario de ${c.authorName}`}>
      <p className="comment-head">
        <strong>{c.authorName}</strong>{' '}
        <time dateTime={c.createdAt} title={formatDateTime(c.createdAt, timeZone)}>
          {relativeTime(c.createdAt)}
        </time>
        {c.editedAt && <span className="muted"> · editado</span>}
      </p>
      {c.deleted ? (
        <p className="muted">Comentario eliminado por quien lo escribió.</p>
      ) : c.hidden ? (
        <>
          <p className="muted">Comentario ocultado por la coordinación. Motivo: {c.hiddenReason}</p>
          {c.body && (
            <p className="prose hidden-body">
              <span className="visually-hidden">Texto ocultado, visible solo para la coordinación: </span>
              {c.body}
            </p>
          )}
        </>
      ) : mode === 'edit' ? (
        <form onSubmit={submit('edit')} noValidate>
          {act.problem && <ProblemNotice problem={act.problem} />}
          <Field name={`edit-${c.id}`} label="Corrige tu comentario" multiline value={body} onChange={setBody} error={act.fieldErrors.body} />
          <div className="actions">
            <button type="submit" className="button" disabled={act.busy}>
              Guardar
            </button>
            <button type="button" className="button button-secondary" onClick={() => setMode('view')}>
              Cancelar
            </button>
          </div>
        </form>
      ) : (
        <p className="prose">{c.body}</p>
      )}
      {mode === 'delete' && (
        <form onSubmit={submit('delete')} className="confirm-box">
          <p>¿Eliminar tu comentario? Su lugar en la conversación queda marcado como eliminado.</p>
          {act.problem && <ProblemNotice problem={act.problem} />}
          <div className="actions">
            <button type="submit" className="button" disabled={act.busy}>
              Sí, eliminarlo
            </button>
            <button type="button" className="button button-secondary" onClick={() => setMode('view')}>
              No, dejarlo
            </button>
          </div>
        </form>
      )}
      {mode === 'hide' && (
        <form onSubmit={submit('hide')} noValidate className="confirm-box">
          {act.problem && <ProblemNotice problem={act.problem} />}
          <Field name={`hide-${c.id}`} label="Motivo para ocultarlo" hint="Todas las personas integrantes verán el motivo; el texto se conserva para auditoría." multiline value={reason} onChange={setReason} error={act.fieldErrors.reason} />
          <div className="actions">
            <button type="submit" className="button" disabled={act.busy}>
              Ocultar el comentario
            </button>
            <button type="button" className="button button-secondary" onClick={() => setMode('view')}>
              Cancelar
            </button>
          </div>
        </form>
      )}
      {mode === 'view' && (allows(c, 'comment.edit') || allows(c, 'comment.delete') || allows(c, 'comment.hide')) && (
        <div className="comment-actions">
          {allows(c, 'comment.edit') && (
            <button type="button" className="text-button" onClick={() => setMode('edit')}>
              Corregir<span className="visually-hidden"> tu comentario</span>
            </button>
          )}
          {allows(c, 'comment.delete') && (
            <button type="button" className="text-button" onClick={() => setMode('delete')}>
              Eliminar<span className="visually-hidden"> tu comentario</span>
            </button>
          )}
          {allows(c, 'comment.hide') && (
            <button type="button" className="text-button" onClick={() => setMode('hide')}>
              Ocultar<span className="visually-hidden"> el comentario de {c.authorName}</span>
            </button>
          )}
        </div>
      )}
    </article>
  );
}
