import type { EventKind } from '../reminders/event-kinds';

/**
 * Event notifications of secretariats (registered in SecretariatsModule). In-app only: the
 * invitation's own e-mail (with its token) already goes to the address, account or not.
 */
export const INVITATION_RECEIVED: EventKind = { kind: 'invitation_received', label: 'Invitaciones a un secretariado', email: false };
