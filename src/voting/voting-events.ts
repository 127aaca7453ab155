import type { EventKind } from '../reminders/event-kinds';

/** Event notifications the voting capability emits (registered in VotingModule). */
export const ROUND_OPENED: EventKind = { kind: 'round_opened', label: 'Votaciones abiertas para tu asiento' };
