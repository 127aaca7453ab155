import type { EventKind } from '../reminders/event-kinds';

/** Event notifications of action plans (registered in PlansModule). */
export const PLAN_STAGE_CHANGED: EventKind = { kind: 'plan_stage_changed', label: 'Cambios de etapa de los planes' };
