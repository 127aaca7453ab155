// What the commitment screens share: the template in a commitment's words, the labels of
// modification requests and IRM assessments, and a commitment's progress in one block.
import type { ReactNode } from 'react';
import type { Schemas } from '../../api/client';
import { CompletionBadge, ProgressPair } from '../../components/public/shared';
import { Badge } from '../../components/ui';
import { formatNumber, plural } from '../../lib/format';
import { COMMITMENT_STATUS_LABEL, label } from '../../lib/labels';
import { FIELD_LABEL } from '../proposals/proposal-common';

export type Commitment = Schemas['CommitmentDto'];
export type Progress = Schemas['ProgressDto'];

/** The proposal template's names, said of a commitment (they also name fields in error summaries). */
export const COMMITMENT_FIELD_LABEL: Record<string, string> = {
  ...FIELD_LABEL,
  title: 'Nombre del compromiso',
  description: 'Qué se hará (el compromiso)',
  startDate: 'Fecha de inicio',
  endDate: 'Fecha de término',
  version: 'Versión',
  reason: 'Por qué debe cambiar',
  withdraw: 'Retirar el compromiso',
  milestones: 'Hitos',
};

export const MODIFICATION_STATUS_LABEL: Record<string, string> = {
  pending: 'Pendiente de votación',
  applied: 'Aprobada y aplicada',
  rejected: 'No aprobada',
  cancelled: 'Cancelada',
};
export const MODIFICATION_TONE: Record<string, 'neutral' | 'success' | 'warning' | 'danger' | 'info'> = {
  pending: 'warning',
  applied: 'success',
  rejected: 'danger',
  cancelled: 'neutral',
};

/** IRM scales in the words the Mecanismo de Revisión Independiente uses in Spanish. */
export const POTENTIAL_RESULTS_LABEL: Record<string, string> = {
  unclear: 'Poco claros',
  modest: 'Modestos',
  substantial: 'Sustanciales',
};
export const POTENTIAL_RESULTS_HINT: Record<string, string> = {
  unclear: 'No se ve cómo cambiaría la situación de partida.',
  modest: 'Mejora la práctica actual, pero de forma acotada.',
  substantial: 'Puede cambiar a fondo cómo se gobierna en el tema.',
};
export const OPEN_GOVERNMENT_LABEL: Record<string, string> = {
  worsened: 'Empeoró',
  did_not_change: 'No cambió',
  marginal: 'Marginalmente',
  major: 'De forma significativa',
  outstanding: 'De forma sobresaliente',
};
export const POTENTIAL_RESULTS = ['unclear', 'modest', 'substantial'] as const;
export const OPEN_GOVERNMENT_RESULTS = ['worsened', 'did_not_change', 'marginal', 'major', 'outstanding'] as const;

export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={status === 'withdrawn' ? 'danger' : status === 'completed' ? 'success' : status === 'in_progress' ? 'info' : 'neutral'}>{label(COMMITMENT_STATUS_LABEL, status)}</Badge>;
}

/** Verified beside self-reported progress, the IRM completion and the milestones behind them. */
export function ProgressSummary({ progress: p, compact = false, children }: { progress: Progress; compact?: boolean; children?: ReactNode }) {
  return (
    <>
      <p className="meta">
        {children}
        <CompletionBadge completion={p.completion} />
      </p>
      <ProgressPair progress={p} compact={compact} />
      <p className="muted">
        {p.milestones === 0
          ? 'Todavía no tiene hitos definidos: el avance se calcula con los hitos aprobados por el órgano garante.'
          : `${formatNumber(p.approvedMilestones)} de ${plural(p.milestones, 'hito aprobado', 'hitos aprobados')}, ${formatNumber(p.submittedMilestones)} en revisión${p.overdueMilestones > 0 ? `, ${plural(p.overdueMilestones, 'vencido', 'vencidos')}` : ''}.`}
      </p>
    </>
  );
}
