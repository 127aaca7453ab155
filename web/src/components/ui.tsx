import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Link } from 'react-router';
import { problemMessage, type Problem } from '../lib/problems';

let hasNavigated = false;
/** Layout calls this on every client-side navigation after the first page. */
export const markNavigated = () => {
  hasNavigated = true;
};

/**
 * The page's one h1. It names the tab, and after a client-side navigation it takes focus,
 * so screen-reader and keyboard users start at the new page's heading (DESIGN §8).
 */
export function PageTitle({ children, title }: { children: ReactNode; title?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    const text = title ?? ref.current?.textContent ?? '';
    document.title = text ? `${text} — Cocrea` : 'Cocrea';
    if (hasNavigated) ref.current?.focus();
  }, [title]);
  return (
    <h1 ref={ref} tabIndex={-1} className="page-title">
      {children}
    </h1>
  );
}

export function Loading({ what = 'la información' }: { what?: string }) {
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" /> Cargando {what}…
    </p>
  );
}

/** A problem from the API in a plain sentence, with a way forward. */
export function ProblemNotice({ problem, retry }: { problem: Problem | Error | null | undefined; retry?: () => void }) {
  const p = problem && 'problem' in problem ? (problem as { problem: Problem }).problem : (problem as Problem | undefined);
  return (
    <div className="notice notice-error" role="alert">
      <p>{problemMessage(p && 'status' in p ? p : undefined)}</p>
      {retry && (
        <button type="button" className="button button-secondary" onClick={retry}>
          Intentar de nuevo
        </button>
      )}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children && <div>{children}</div>}
    </div>
  );
}

/** A confirmation after the screen's main action ("Tu contraseña quedó actualizada"). */
export function Confirmation({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div ref={ref} tabIndex={-1} className="notice notice-success" role="status">
      {children}
    </div>
  );
}

/** "¿Seguro?" before an action that cannot be undone: the question, what follows, yes and no. */
export function ConfirmBox({ title, children, problem, busy, yes, onYes, onNo }: {
  title: string;
  children: ReactNode;
  problem: Problem | Error | null | undefined;
  busy: boolean;
  yes: string;
  onYes: () => void;
  onNo: () => void;
}) {
  const id = useId();
  return (
    <section className="confirm-box" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <p>{children}</p>
      {problem && <ProblemNotice problem={problem} />}
      <div className="actions">
        <button type="button" className="button" disabled={busy} onClick={onYes}>
          {busy ? 'Un momento…' : yes}
        </button>
        <button type="button" className="button button-secondary" onClick={onNo}>
          No, volver
        </button>
      </div>
    </section>
  );
}

/**
 * The error summary at the top of a form: it takes focus and links to each field, as the
 * GOV.UK pattern does. `fields` maps field paths to labels; messages come from the API.
 */
export function ErrorSummary({ message, errors, labels }: { message: string; errors: Record<string, string>; labels: Record<string, string> }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [message, errors]);
  const entries = Object.entries(errors);
  return (
    <div ref={ref} tabIndex={-1} className="error-summary" role="alert" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">Hay un problema</h2>
      <p>{message}</p>
      {entries.length > 0 && (
        <ul>
          {entries.map(([field, text]) => (
            <li key={field}>
              <a href={`#field-${field}`}>
                {labels[field] ?? field}: {text}
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  type?: string;
  value: string;
  onChange: (v: string) => void;
  autoComplete?: string;
  required?: boolean;
  multiline?: boolean;
  inputMode?: 'text' | 'email' | 'numeric' | 'decimal';
}

/** A labelled input with its hint and the API's message beside it. */
export function Field({ name, label, hint, error, type = 'text', value, onChange, autoComplete, required, multiline, inputMode }: FieldProps) {
  const hintId = useId();
  const errorId = useId();
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  const common = {
    id: `field-${name}`,
    name,
    value,
    required,
    autoComplete,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
  } as const;
  return (
    <div className={`field${error ? ' field-error' : ''}`}>
      <label htmlFor={`field-${name}`}>{label}</label>
      {hint && (
        <div id={hintId} className="hint">
          {hint}
        </div>
      )}
      {error && (
        <p id={errorId} className="error-message">
          <span className="visually-hidden">Error: </span>
          {error}
        </p>
      )}
      {multiline ? (
        <textarea {...common} rows={5} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...common} type={type} inputMode={inputMode} onChange={(e) => onChange(e.target.value)} />
      )}
    </div>
  );
}

/** A horizontal bar with its number written out (never colour alone). */
export function Bar({ value, max = 100, label }: { value: number; max?: number; label: string }) {
  const pct = max > 0 ? Math.max(0, Math.min(100, (value / max) * 100)) : 0;
  return (
    <div className="bar" role="img" aria-label={label}>
      <div className="bar-fill" style={{ width: `${pct}%` }} />
    </div>
  );
}

export function Breadcrumbs({ items }: { items: { to?: string; label: string }[] }) {
  return (
    <nav aria-label="Ruta de navegación" className="breadcrumbs">
      <ol>
        {items.map((item, i) => (
          <li key={i}>{item.to ? <Link to={item.to}>{item.label}</Link> : <span aria-current="page">{item.label}</span>}</li>
        ))}
      </ol>
    </nav>
  );
}

export function Badge({ tone = 'neutral', children }: { tone?: 'neutral' | 'success' | 'warning' | 'danger' | 'info'; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}
