import type { Viewer } from './viewer';

/**
 * Pure rules of who may act (DESIGN §3), given a Viewer. The action table (actions.ts) is
 * built from these; visibility (404) is decided by AccessService before any of them runs.
 */
export const isPlatformAdmin = (v: Viewer) => v.user.isPlatformAdmin;
export const isCoordinator = (v: Viewer) => !!v.member?.isCoordinator;
export const isMember = (v: Viewer) => !!v.member;

/** Lifecycle, rules, seats, invitations, memberships, stage moves, responses, rounds, moderation. */
export const canManageSecretariat = (v: Viewer) => isPlatformAdmin(v) || isCoordinator(v);

/** One vote per seat: titular or alternate of a seat. */
export const canVote = (v: Viewer) => !!v.member?.seatId && (v.member.role === 'titular' || v.member.role === 'alternate');

/** Members' e-mail addresses are personal data: only coordinators and admins see them. */
export const canSeeMemberEmails = (v: Viewer) => canManageSecretariat(v);

/** Ending a membership: the coordination, or the member themself (resignation). */
export const canEndMembership = (v: Viewer, m: { userId: string }) => canManageSecretariat(v) || v.user.id === m.userId;

/** Editing an organization: platform admins, or coordinators of its state's secretariat where it sits when no other secretariat seats it (checked by the caller). */
export const canEditOrganization = (isAdmin: boolean, coordinatesItsOnlySecretariats: boolean) => isAdmin || coordinatesItsOnlySecretariats;

/** Owns a proposal: its author, or a member of the author's organization in that secretariat. */
export const ownsProposal = (v: Viewer, p: { authorId: string; authorOrganizationId: string | null }) =>
  !!v.member && (p.authorId === v.user.id || (!!p.authorOrganizationId && p.authorOrganizationId === v.member.organizationId));
/** Drafts are private to their organization; everything else is visible to every viewer. */
export const canSeeProposal = (v: Viewer, p: { status: string; authorId: string; authorOrganizationId: string | null }) =>
  p.status !== 'draft' || ownsProposal(v, p);

/** A member acting for an organization (implementers, lead agency, co-responsible ones). */
export const belongsTo = (v: Viewer, organizationId: string | null) => !!v.member && !!organizationId && v.member.organizationId === organizationId;
/**
 * Reviewers are seat holders (titular or alternate) of the guarantor sector: observers and
 * facilitators do not act for the guarantor body.
 */
export const isGuarantorReviewer = (v: Viewer) =>
  !!v.member && v.member.sector === 'guarantor' && (v.member.role === 'titular' || v.member.role === 'alternate');
