import { Injectable } from '@nestjs/common';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { DomainError, forbidden, notFound } from '../common/errors/domain-error';
import { MemberContext, SecretariatAccessService, Viewer } from '../secretariats/access.service';
import { canManageSecretariat, canVote } from '../secretariats/secretariats.policy';

/** A viewer of a secretariat's co-creation objects: a member, or a platform admin (member null). */
export type Actor = Viewer;
export type MemberActor = Viewer & { member: MemberContext };

// Pure rules (DESIGN §3) for plans, proposals and votes, on top of the secretariats' ones.
/** Stage moves, reasoned responses, opening rounds, moderation: coordinators (and platform admins). */
export const canCoordinate = (a: Actor) => canManageSecretariat(a);
export const isVoter = (a: Actor) => canVote(a);
/** Owns a proposal: its author, or a member of the author's organization in that secretariat. */
export const ownsProposal = (a: Actor, p: { authorId: string; authorOrganizationId: string | null }) =>
  !!a.member && (p.authorId === a.user.id || (!!p.authorOrganizationId && p.authorOrganizationId === a.member.organizationId));
/** Drafts are private to their organization; everything else is visible to every viewer. */
export const canSeeProposal = (a: Actor, p: { status: string; authorId: string; authorOrganizationId: string | null }) =>
  p.status !== 'draft' || ownsProposal(a, p);

/**
 * Resolves the actor through the secretariats' authorization service: 404 (naming the
 * object asked for) when its secretariat is not visible, 403 when the action is not theirs.
 * Call it before opening a transaction.
 */
@Injectable()
export class CoCreationAccess {
  constructor(private readonly access: SecretariatAccessService) {}

  /** Any member, or a platform admin; 404 otherwise. */
  async viewer(user: AuthUser, secretariatId: string, what = 'El recurso'): Promise<Actor> {
    try {
      return await this.access.requireViewer(user, secretariatId);
    } catch (error) {
      if (error instanceof DomainError && error.status === 404) throw notFound(what);
      throw error;
    }
  }

  /** A member of the secretariat (any role): proposals and comments are written by members. */
  async member(user: AuthUser, secretariatId: string, what = 'El recurso'): Promise<MemberActor> {
    const actor = await this.viewer(user, secretariatId, what);
    if (!actor.member) throw forbidden('not_a_member', 'Solo las personas integrantes del secretariado pueden hacer esto.');
    return actor as MemberActor;
  }

  /** A coordinator of the secretariat, or a platform admin. */
  async coordinator(user: AuthUser, secretariatId: string, what = 'El recurso'): Promise<Actor> {
    const actor = await this.viewer(user, secretariatId, what);
    if (!canCoordinate(actor)) throw forbidden('coordinator_required', 'Solo la coordinación del secretariado puede hacer esto.');
    return actor;
  }
}
