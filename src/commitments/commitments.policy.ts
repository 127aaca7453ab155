import { Injectable } from '@nestjs/common';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { forbidden, notFound } from '../common/errors/domain-error';
import { PlanStage } from '../plans/plan-stages';
import { MemberContext, SecretariatAccessService } from '../secretariats/access.service';

/** A member of the secretariat (with their context) or a platform admin who is not one (`member` null: read-only). */
export interface Actor {
  user: AuthUser;
  member: MemberContext | null;
}

/**
 * Who may do what in implementation (DESIGN §3), in one place:
 * - coordinators edit commitments and their milestone sets while the plan is before
 *   `implementation`; afterwards only through an approved modification request;
 * - members (any role) whose organization is the milestone's responsible organization start
 *   and submit it and manage its evidence;
 * - reviewers are seat holders (titular or alternate) of the guarantor sector: they approve
 *   or return milestones and write IRM assessments; observers and facilitators do not act
 *   for the guarantor body. Nobody reviews their own organization's milestone;
 * - the lead agency's members write progress reports; members of the other sectors comment.
 */
export const isCoordinator = (a: Actor) => !!a.member?.isCoordinator;
export const isSeatHolder = (m: MemberContext) => m.role === 'titular' || m.role === 'alternate';
export const isGuarantorReviewer = (a: Actor) => !!a.member && a.member.sector === 'guarantor' && isSeatHolder(a.member);
export const belongsTo = (a: Actor, organizationId: string | null) => !!a.member && !!organizationId && a.member.organizationId === organizationId;

/** Plan stages in which the commitment's fields and milestones are still edited directly. */
export const PRE_IMPLEMENTATION_STAGES: readonly PlanStage[] = ['draft', 'consultation', 'deliberation', 'voting', 'adoption'];
/** Plan stages in which milestones move and are reviewed. */
export const EXECUTION_STAGES: readonly PlanStage[] = ['implementation', 'evaluation'];

@Injectable()
export class CommitmentAccess {
  constructor(private readonly access: SecretariatAccessService) {}

  /** Any member, or a platform admin; 404 otherwise (objects of invisible secretariats do not exist for you). */
  async viewer(user: AuthUser, secretariatId: string, what: string): Promise<Actor> {
    const member = await this.access.memberContext(user.id, secretariatId);
    if (!member && !user.isPlatformAdmin) throw notFound(what);
    return { user, member };
  }

  /** A viewer who is a member (admins who are not members read, but do not act). */
  async member(user: AuthUser, secretariatId: string, what: string): Promise<Actor & { member: MemberContext }> {
    const actor = await this.viewer(user, secretariatId, what);
    if (!actor.member) throw forbidden('not_a_member', 'Solo las personas integrantes del secretariado pueden hacer esto.');
    return actor as Actor & { member: MemberContext };
  }
}
