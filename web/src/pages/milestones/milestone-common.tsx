import { freshAccessToken, type Schemas } from '../../api/client';
import { Badge } from '../../components/ui';
import { deadlinePhrase, formatDateTime } from '../../lib/format';
import { label, MILESTONE_STATUS_LABEL } from '../../lib/labels';
import { ProblemError, type Problem } from '../../lib/problems';

export type Milestone = Schemas['MilestoneDto'];

const TONE: Record<string, 'neutral' | 'success' | 'warning' | 'danger' | 'info'> = {
  pending: 'neutral',
  in_progress: 'info',
  submitted: 'warning',
  approved: 'success',
  returned: 'danger',
};

/** Status in words, and "Vencido" beside it when the due date passed unapproved (never colour alone). */
export function MilestoneBadges({ milestone: m }: { milestone: Pick<Milestone, 'status' | 'overdue'> }) {
  return (
    <>
      <Badge tone={TONE[m.status] ?? 'neutral'}>{label(MILESTONE_STATUS_LABEL, m.status)}</Badge>
      {m.overdue && <Badge tone="danger">Vencido</Badge>}
    </>
  );
}

/** "30 de junio de 2027 a las 23:59 h (vence en 3 meses)", in the secretariat's zone. */
export function DueDate({ milestone: m, timeZone }: { milestone: Pick<Milestone, 'dueAt' | 'status'>; timeZone: string }) {
  return (
    <>
      <time dateTime={m.dueAt}>{formatDateTime(m.dueAt, timeZone)}</time>
      {m.status !== 'approved' && <span className="muted"> ({deadlinePhrase(m.dueAt, new Date(), { future: 'vence', past: 'venció' })})</span>}
    </>
  );
}

/** "lleva 6 días sin revisar" since the submission. */
export function waitingPhrase(submittedAt: string, now = new Date()): string {
  const days = Math.floor((now.getTime() - new Date(submittedAt).getTime()) / 86_400_000);
  if (days < 1) return 'se entregó hoy';
  return `lleva ${days === 1 ? '1 día' : `${days} días`} sin revisar`;
}

// What the API accepts as evidence (src/commitments/file-type.ts): checked here by name and size
// only to spare a useless upload on a slow link; the API decides by the content.
export const MAX_EVIDENCE_BYTES = 20 * 1024 * 1024;
const ACCEPTED_EXTENSIONS = ['pdf', 'png', 'jpg', 'jpeg', 'gif', 'webp', 'docx', 'xlsx', 'pptx', 'doc', 'xls', 'ppt', 'odt', 'ods', 'odp', 'csv'];
export const ACCEPT_ATTRIBUTE = ACCEPTED_EXTENSIONS.map((e) => `.${e}`).join(',');
export const ACCEPTED_TYPES_TEXT = 'PDF, imágenes (PNG, JPEG, GIF o WebP), documentos de Word, Excel o PowerPoint, OpenDocument o CSV';

/** Why this file cannot be sent, or null when it may be. */
export function fileRefusal(file: File): string | null {
  const dot = file.name.lastIndexOf('.');
  const extension = dot > 0 ? file.name.slice(dot + 1).toLowerCase() : '';
  if (!ACCEPTED_EXTENSIONS.includes(extension)) return `«${file.name}» no es de un tipo admitido. Se aceptan ${ACCEPTED_TYPES_TEXT}.`;
  if (file.size === 0) return `«${file.name}» está vacío.`;
  if (file.size > MAX_EVIDENCE_BYTES) return `«${file.name}» pesa más de 20 MB, el máximo permitido. Redúcelo o compártelo como enlace.`;
  return null;
}

/**
 * Sends a file as multipart/form-data with XMLHttpRequest, the one browser API that reports
 * upload progress (fetch does not). Resolves with the created evidence; rejects with the
 * API's problem, so the screen shows its message as for any other request.
 */
export async function uploadEvidence(
  milestoneId: string,
  fields: { file: File; description: string; public: boolean; supersedesId?: string },
  onProgress: (fraction: number) => void,
): Promise<Schemas['EvidenceDto']> {
  const token = await freshAccessToken();
  const body = new FormData();
  // Text fields first: the API reads the parts in order and the file last.
  body.append('description', fields.description);
  body.append('public', String(fields.public));
  if (fields.supersedesId) body.append('supersedesId', fields.supersedesId);
  body.append('file', fields.file, fields.file.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/milestones/${milestoneId}/evidence`);
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(xhr.responseText);
      } catch {
        parsed = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(parsed as Schemas['EvidenceDto']);
      const p = (parsed ?? {}) as Partial<Problem>;
      reject(new ProblemError({ status: xhr.status, code: p.code ?? (xhr.status >= 500 ? 'internal_error' : 'unknown'), detail: p.detail, title: p.title, errors: p.errors }));
    };
    xhr.onerror = () => reject(new ProblemError({ status: 0, code: 'network_error' }));
    xhr.send(body);
  });
}

/** An evidence file read with the member's token (private files never get a lasting URL). */
export async function fetchEvidenceFile(downloadUrl: string): Promise<Blob> {
  const token = await freshAccessToken();
  let res: Response;
  try {
    res = await fetch(downloadUrl, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  } catch {
    throw new ProblemError({ status: 0, code: 'network_error' });
  }
  if (!res.ok) {
    const p = (await res.json().catch(() => ({}))) as Partial<Problem>;
    throw new ProblemError({ status: res.status, code: p.code ?? 'unknown', detail: p.detail });
  }
  return res.blob();
}
