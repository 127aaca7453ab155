import type { Viewer } from './access.service';

/**
 * Pure authorization rules for secretariats (who may do what), given a Viewer resolved by
 * SecretariatAccessService. Visibility (404) is decided there; these decide actions (403).
 */
export const isPlatformAdmin = (v: Viewer) => v.user.isPlatformAdmin;
export const isCoordinator = (v: Viewer) => !!v.member?.isCoordinator;

/** Lifecycle transitions, rules, seats, invitations, memberships. */
export const canManageSecretariat = (v: Viewer) => isPlatformAdmin(v) || isCoordinator(v);

/** One vote per seat: titular or alternate of a seat. */
export const canVote = (v: Viewer) => !!v.member?.seatId && (v.member.role === 'titular' || v.member.role === 'alternate');

/** Members' e-mail addresses are personal data: only coordinators and admins see them. */
export const canSeeMemberEmails = (v: Viewer) => canManageSecretariat(v);

/** Ending a membership: the coordination, or the member themself (resignation). */
export const canEndMembership = (v: Viewer, m: { userId: string }) => canManageSecretariat(v) || v.user.id === m.userId;

/** Editing an organization: platform admins, or coordinators of its state's secretariat where it sits when no other secretariat seats it (checked by the caller). */
export const canEditOrganization = (isAdmin: boolean, coordinatesItsOnlySecretariats: boolean) => isAdmin || coordinatesItsOnlySecretariats;
