import type { Schemas } from '../../api/client';
import { formatPercent } from '../../lib/format';

export type StateRow = Schemas['StateDashboardDto'];
export type StateCategory = 'none' | 'secretariat' | 'plan-low' | 'plan-high';

/** The map's four classes, each with a fill pattern and words, so colour is never alone. */
export const STATE_CATEGORIES: { key: StateCategory; label: string }[] = [
  { key: 'none', label: 'Sin secretariado' },
  { key: 'secretariat', label: 'Con secretariado, sin plan publicado' },
  { key: 'plan-low', label: 'Plan publicado, menos de la mitad de hitos aprobados' },
  { key: 'plan-high', label: 'Plan publicado, la mitad o más de hitos aprobados' },
];

/** Share of milestones of published plans approved by the guarantor (0–100), or null without milestones. */
export const approvedShare = (s: StateRow) => (s.milestones.total ? (s.milestones.approved / s.milestones.total) * 100 : null);

export function stateCategory(s: StateRow): StateCategory {
  if (!s.participating) return 'none';
  if (s.actionPlans === 0) return 'secretariat';
  return (approvedShare(s) ?? 0) >= 50 ? 'plan-high' : 'plan-low';
}

/** One sentence per state, read out by the map and printed in the table. */
export function stateSummary(s: StateRow): string {
  const category = STATE_CATEGORIES.find((c) => c.key === stateCategory(s))!.label;
  const share = approvedShare(s);
  return s.actionPlans > 0 && share !== null ? `${category} (${formatPercent(Math.floor(share))} de hitos aprobados)` : category;
}
