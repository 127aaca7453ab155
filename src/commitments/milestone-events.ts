import type { EventKind } from '../reminders/event-kinds';

/** Event notifications of milestone work (registered in CommitmentsModule). */
export const MILESTONE_SUBMITTED: EventKind = { kind: 'milestone_submitted', label: 'Hitos enviados a revisión' };
export const MILESTONE_APPROVED: EventKind = { kind: 'milestone_approved', label: 'Hitos de tu organización aprobados' };
export const MILESTONE_RETURNED: EventKind = { kind: 'milestone_returned', label: 'Hitos de tu organización devueltos con observaciones' };
