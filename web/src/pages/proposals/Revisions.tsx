import { useInfiniteQuery } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { Loading, ProblemNotice } from '../../components/ui';
import { formatDateTime } from '../../lib/format';
import { INEQUALITY_LABEL, label, OGP_VALUE_LABEL } from '../../lib/labels';
import { FIELD_LABEL, sdgName, useOrganizationNames } from './proposal-common';

const LIST_FIELDS = new Set(['ogpValues', 'sdgs', 'inequalityFocus', 'coResponsibleOrganizationIds']);

/** One list item's words, whichever field it belongs to. */
function itemText(field: string, v: unknown, orgName: (id: string) => string): string {
  if (field === 'ogpValues') return label(OGP_VALUE_LABEL, String(v));
  if (field === 'inequalityFocus') return label(INEQUALITY_LABEL, String(v));
  if (field === 'sdgs') return sdgName(Number(v));
  if (field === 'coResponsibleOrganizationIds' || field === 'leadAgencyId') return orgName(String(v));
  return String(v);
}

/** Splits two texts into words and marks what was removed and added (longest common subsequence). */
export function wordDiff(before: string, after: string): { kind: 'same' | 'del' | 'ins'; text: string }[] {
  const a = before.split(/(\s+)/);
  const b = after.split(/(\s+)/);
  // Long texts: fall back to "all removed, all added" rather than a quadratic table on a phone.
  if (a.length * b.length > 250_000) return [{ kind: 'del', text: before }, { kind: 'ins', text: after }];
  const dp: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) dp[i][j] = a[i] === b[j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
  const out: { kind: 'same' | 'del' | 'ins'; text: string }[] = [];
  const push = (kind: 'same' | 'del' | 'ins', text: string) => {
    const last = out[out.length - 1];
    if (last && last.kind === kind) last.text += text;
    else out.push({ kind, text });
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      push('same', a[i]);
      i++;
      j++;
    } else if (dp[i + 1][j] >= dp[i][j + 1]) push('del', a[i++]);
    else push('ins', b[j++]);
  }
  while (i < a.length) push('del', a[i++]);
  while (j < b.length) push('ins', b[j++]);
  return out;
}

function Change({ field, from, to, orgName }: { field: string; from: unknown; to: unknown; orgName: (id: string) => string }) {
  if (LIST_FIELDS.has(field)) {
    const before = Array.isArray(from) ? from : [];
    const after = Array.isArray(to) ? to : [];
    const removed = before.filter((x) => !after.includes(x));
    const added = after.filter((x) => !before.includes(x));
    return (
      <ul className="diff-list">
        {removed.map((x) => (
          <li key={`d${String(x)}`}>
            <del>
              <span className="visually-hidden">Se quitó: </span>
              {itemText(field, x, orgName)}
            </del>
          </li>
        ))}
        {added.map((x) => (
          <li key={`i${String(x)}`}>
            <ins>
              <span className="visually-hidden">Se agregó: </span>
              {itemText(field, x, orgName)}
            </ins>
          </li>
        ))}
      </ul>
    );
  }
  if (field === 'leadAgencyId') {
    return (
      <p>
        <del>
          <span className="visually-hidden">Antes: </span>
          {from ? orgName(String(from)) : '—'}
        </del>{' '}
        →{' '}
        <ins>
          <span className="visually-hidden">Ahora: </span>
          {to ? orgName(String(to)) : '—'}
        </ins>
      </p>
    );
  }
  const parts = wordDiff(from == null ? '' : String(from), to == null ? '' : String(to));
  return (
    <p className="prose diff-text">
      {parts.map((part, k) =>
        part.kind === 'same' ? (
          <span key={k}>{part.text}</span>
        ) : part.kind === 'del' ? (
          <del key={k}>
            <span className="visually-hidden">[se quitó: </span>
            {part.text}
            <span className="visually-hidden">]</span>
          </del>
        ) : (
          <ins key={k}>
            <span className="visually-hidden">[se agregó: </span>
            {part.text}
            <span className="visually-hidden">]</span>
          </ins>
        ),
      )}
    </p>
  );
}

/** Edits made after submission, oldest first, each field with what was removed and added. */
export function Revisions({ proposalId, timeZone }: { proposalId: string; timeZone?: string }) {
  const revisions = useInfiniteQuery({
    queryKey: ['revisions', proposalId],
    queryFn: ({ pageParam }) => call(api.GET('/api/v1/proposals/{id}/revisions', { params: { path: { id: proposalId }, query: { limit: 50, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = revisions.data?.pages.flatMap((pg) => pg.items) ?? [];
  const orgIds = items.flatMap((r) =>
    Object.entries(r.changes).flatMap(([f, c]) => (f === 'leadAgencyId' || f === 'coResponsibleOrganizationIds' ? [c.from, c.to].flat().filter((x): x is string => typeof x === 'string') : [])),
  );
  const orgs = useOrganizationNames(orgIds);
  const orgName = (x: string) => orgs.get(x)?.name ?? 'una organización';
  return (
    <section aria-labelledby="versiones">
      <h2 id="versiones">Cambios después del envío</h2>
      {revisions.isPending ? (
        <Loading what="los cambios" />
      ) : revisions.isError ? (
        <ProblemNotice problem={revisions.error} retry={() => void revisions.refetch()} />
      ) : items.length === 0 ? (
        <p>No ha cambiado desde que se envió.</p>
      ) : (
        <>
          <p className="hint">
            Lo tachado se quitó y lo <ins>subrayado</ins> se agregó.
          </p>
          <ol className="revisions">
            {items.map((r) => (
              <li key={r.id} className="revision">
                <h3>
                  Versión {r.version} · {formatDateTime(r.createdAt, timeZone)}
                </h3>
                <p className="muted">Cambios de {r.authorName || 'una persona integrante'}</p>
                <dl>
                  {Object.entries(r.changes).map(([field, c]) => (
                    <div key={field}>
                      <dt>{FIELD_LABEL[field] ?? field}</dt>
                      <dd>
                        <Change field={field} from={c.from} to={c.to} orgName={orgName} />
                      </dd>
                    </div>
                  ))}
                </dl>
              </li>
            ))}
          </ol>
          {revisions.hasNextPage && (
            <button type="button" className="button button-secondary" onClick={() => void revisions.fetchNextPage()}>
              Ver más cambios
            </button>
          )}
        </>
      )}
    </section>
  );
}
