import { useQuery } from '@tanstack/react-query';
import { Fragment, useState, type ReactNode } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { useStates } from '../../components/public/shared';
import { Loading, PageTitle, ProblemNotice } from '../../components/ui';
import { COMMITMENT_STATUS_LABEL, MILESTONE_STATUS_LABEL } from '../../lib/labels';

type DataSet = Schemas['OpenDataSetDto'];

const DATASET_TEXT: Record<string, { title: string; what: string; statuses: Record<string, string> }> = {
  commitments: {
    title: 'Compromisos',
    what: 'Un renglón por compromiso de cada plan de acción publicado, con su avance verificado y reportado y su nivel de cumplimiento.',
    statuses: COMMITMENT_STATUS_LABEL,
  },
  milestones: {
    title: 'Hitos',
    what: 'Un renglón por hito de cada compromiso publicado, con su fecha límite, su estado y las direcciones de su evidencia pública.',
    statuses: { ...MILESTONE_STATUS_LABEL, overdue: 'Vencido (fecha límite pasada y sin aprobar)' },
  },
};

const TYPE_LABEL: Record<string, string> = {
  uuid: 'identificador',
  text: 'texto',
  integer: 'número entero',
  boolean: 'verdadero o falso',
  date: 'fecha',
  datetime: 'fecha y hora',
  list: 'lista',
};

/** Descriptions mark values as `code`; show them as code, not as backticks. */
function withCode(text: string): ReactNode {
  return text.split(/`([^`]+)`/).map((part, i) => (i % 2 ? <code key={i}>{part}</code> : <Fragment key={i}>{part}</Fragment>));
}

export default function OpenData() {
  const catalog = useQuery({ queryKey: ['open-data'], queryFn: () => call(api.GET('/api/v1/open-data')), staleTime: Infinity });
  const states = useStates();
  const [state, setState] = useState('');
  return (
    <>
      <PageTitle>Datos abiertos</PageTitle>
      <p className="lead">
        Los compromisos y los hitos de todos los planes de acción publicados, para descargar y reutilizar sin registro. Se generan al momento de la descarga.
      </p>
      <ul>
        <li>
          <strong>CSV</strong>: UTF-8, con renglón de encabezados, separado por comas. Las fechas van como AAAA-MM-DD y los instantes en ISO 8601 (UTC). Las
          listas se separan con « | ». Si tu hoja de cálculo muestra mal los acentos, usa la versión «CSV para Excel».
        </li>
        <li>
          <strong>JSON</strong>: un arreglo de objetos con las mismas columnas, en el mismo orden; las listas son arreglos y las celdas vacías, <code>null</code>.
        </li>
        <li>No contienen datos personales. Las columnas no cambian de nombre: las nuevas se agregan al final.</li>
      </ul>

      <form className="filters filters-single" onSubmit={(e) => e.preventDefault()} aria-label="Filtrar descargas">
        <div className="field">
          <label htmlFor="field-estado-datos">Entidad federativa</label>
          <div className="hint" id="hint-estado-datos">
            Los enlaces de descarga incluyen solo el estado elegido.
          </div>
          <select id="field-estado-datos" aria-describedby="hint-estado-datos" value={state} onChange={(e) => setState(e.target.value)}>
            <option value="">Todo el país</option>
            {states.data?.map((s) => (
              <option key={s.code} value={s.abbreviation}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
      </form>

      {catalog.isPending ? (
        <Loading what="la descripción de los archivos" />
      ) : catalog.isError ? (
        <ProblemNotice problem={catalog.error} retry={() => void catalog.refetch()} />
      ) : (
        catalog.data.datasets.map((d) => <DataSetSection key={d.name} dataset={d} state={state} stateName={states.data?.find((s) => s.abbreviation === state)?.name} />)
      )}
    </>
  );
}

function DataSetSection({ dataset: d, state, stateName }: { dataset: DataSet; state: string; stateName?: string }) {
  const text = DATASET_TEXT[d.name] ?? { title: d.name, what: '', statuses: {} };
  const [status, setStatus] = useState('');
  const query = new URLSearchParams();
  if (state) query.set('state', state);
  if (status) query.set('status', status);
  const qs = query.toString();
  const withQuery = (url: string, extra?: string) => `${url}${qs || extra ? '?' : ''}${[qs, extra].filter(Boolean).join('&')}`;
  const scope = [stateName ?? 'todo el país', status ? (text.statuses[status] ?? status).toLowerCase() : null].filter(Boolean).join(', ');
  const statusId = `field-status-${d.name}`;
  return (
    <section aria-labelledby={`ds-${d.name}`} className="dataset">
      <h2 id={`ds-${d.name}`}>{text.title}</h2>
      <p>{text.what}</p>
      <div className="field dataset-filter">
        <label htmlFor={statusId}>Situación del {d.name === "commitments" ? "compromiso" : "hito"}</label>
        <select id={statusId} value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">Todos</option>
          {d.statuses.map((s) => (
            <option key={s} value={s}>
              {text.statuses[s] ?? s}
            </option>
          ))}
        </select>
      </div>
      <p className="downloads">
        <a className="button" href={withQuery(d.csv)} download>
          Descargar CSV<span className="visually-hidden"> de {text.title.toLowerCase()}</span>
        </a>
        <a className="button button-secondary" href={withQuery(d.csv, 'bom=true')} download>
          CSV para Excel<span className="visually-hidden"> de {text.title.toLowerCase()}</span>
        </a>
        <a className="button button-secondary" href={withQuery(d.json)}>
          Descargar JSON<span className="visually-hidden"> de {text.title.toLowerCase()}</span>
        </a>
        <span className="muted" aria-live="polite">
          Incluye: {scope}.
        </span>
      </p>
      <details className="columns" open>
        <summary>Qué contiene cada columna, en orden ({d.columns.length})</summary>
        {/* A list rather than a table: three columns of long text do not fit a phone. */}
        <dl className="column-list">
          {d.columns.map((c) => (
            <div key={c.name}>
              <dt>
                <code>{c.name}</code> <span className="muted">({TYPE_LABEL[c.type] ?? c.type})</span>
              </dt>
              <dd>{withCode(c.description)}</dd>
            </div>
          ))}
        </dl>
      </details>
    </section>
  );
}
