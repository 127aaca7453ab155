import type { EventKind } from '../reminders/event-kinds';

/** Event notifications of co-creation on proposals (registered in ProposalsModule). */
export const PROPOSAL_ANSWERED: EventKind = { kind: 'proposal_answered', label: 'Respuestas razonadas a tus propuestas' };
export const PROPOSAL_MERGED: EventKind = { kind: 'proposal_merged', label: 'Tus propuestas fusionadas con otra' };
export const COMMENT_REPLIED: EventKind = { kind: 'comment_replied', label: 'Respuestas a tus comentarios' };

/** A comment's first words, for a notification. */
export const excerpt = (text: string, max = 140) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};
