import { DomainError, conflict, forbidden, unprocessable } from '../common/errors/domain-error';
import type { PlanStage } from '../plans/plan-stages';
import type { SecretariatRules } from '../secretariats/rules';
import type { SecretariatStatus } from '../secretariats/secretariat-status';
import {
  belongsTo, canEndMembership, canManageSecretariat, canSeeProposal, canVote, isCoordinator, isGuarantorReviewer, isMember, ownsProposal,
} from './policy';
import type { Subjects, SubjectKind } from './subjects';
import type { Viewer } from './viewer';

/** The secretariat an action happens in, as seen by the caller: loaded with the subject, in the same statement. */
export interface SecretariatContext {
  secretariatId: string;
  status: SecretariatStatus;
  rules: SecretariatRules;
  timeZone: string;
  stateAbbreviation: string;
  viewer: Viewer;
}

/**
 * What each secretariat status allows, decided once (README "Who may do what"):
 * - `any`: reading, lifecycle moves (the lifecycle table decides) and ending one's membership;
 * - `not_dissolved`: running the secretariat (rules, seats, invitations, coordinators) and
 *   implementing an adopted plan (milestones, evidence, indicators, reports, assessments,
 *   ballots of rounds already open): a sector's withdrawal does not stop public work that is
 *   already committed, nor the secretariat from recovering that sector;
 * - `working` (neither suspended nor dissolved): co-creation and decisions of the forum
 *   (plans, proposals, comments, responses, opening rounds, editing or modifying commitments),
 *   which need the three sectors.
 */
export const STATUS_RULES = {
  any: ['promoting', 'declared', 'installed', 'active', 'suspended', 'dissolved'],
  not_dissolved: ['promoting', 'declared', 'installed', 'active', 'suspended'],
  working: ['promoting', 'declared', 'installed', 'active'],
} as const satisfies Record<string, readonly SecretariatStatus[]>;
export type StatusRule = keyof typeof STATUS_RULES;

const STATUS_REFUSALS: Record<'suspended' | 'dissolved', DomainError> = {
  dissolved: conflict('secretariat_dissolved', 'El secretariado está disuelto: solo puede consultarse.'),
  suspended: conflict('secretariat_suspended', 'El secretariado está suspendido: la co-creación y las decisiones se reanudan cuando vuelva a estar activo.'),
};

/** Plan stages in which a commitment's fields and milestone set are still edited directly. */
export const PRE_IMPLEMENTATION_STAGES: readonly PlanStage[] = ['draft', 'consultation', 'deliberation', 'voting', 'adoption'];
/** Plan stages in which milestones move, evidence is attached and progress is reported. */
export const EXECUTION_STAGES: readonly PlanStage[] = ['implementation', 'evaluation'];
/** Plan stages in which members may start drafting proposals. */
export const DRAFTING_STAGES: readonly PlanStage[] = ['draft', 'consultation', 'deliberation'];
/** Comment authors may edit or delete their comment for this long after posting it. */
export const COMMENT_EDIT_WINDOW_MS = 15 * 60 * 1000;

/** A condition and the refusal when it fails. */
type Check<S> = [(v: Viewer, s: S, ctx: SecretariatContext) => boolean, () => DomainError];

interface Rule<K extends SubjectKind> {
  subject: K;
  /** Reads are not offered in `actions`; everything else is. */
  read?: true;
  /** Taken with a credential other than membership (an invitation token): never offered. */
  byToken?: true;
  /** Extra visibility (404 when false), beyond seeing the secretariat. */
  visible?: (v: Viewer, s: Subjects[K]) => boolean;
  /** Who may take it: each failing check is a 403. */
  who: Check<Subjects[K]>[];
  status: StatusRule;
  /** The subject's state (plan stage, lifecycle status): each failing check is a 409 (or its own code). */
  when?: Check<Subjects[K]>[];
}

const rule = <K extends SubjectKind>(r: Rule<K>) => r;
const anyone: Check<unknown>[] = [];

// Refusals shared by many actions.
const coordinatorRequired = () => forbidden('coordinator_required', 'Solo la coordinación del secretariado puede hacer esto.');
const notAMember = () => forbidden('not_a_member', 'Solo las personas integrantes del secretariado pueden hacer esto.');
const notResponsible = () => forbidden('not_responsible_organization', 'Solo integrantes de la organización responsable del hito pueden hacer esto.');
const leadAgencyRequired = () => forbidden('lead_agency_required', 'Solo integrantes de la dependencia responsable del compromiso pueden hacer esto.');
const guarantorRequired = () => forbidden('guarantor_required', 'Solo integrantes titulares o suplentes del organismo garante pueden hacer esto.');
const planClosed = () => conflict('plan_closed', 'El plan está cerrado y ya no puede modificarse.');
const notInImplementation = () => conflict('plan_not_in_implementation', 'Esto solo es posible mientras el plan está en implementación o evaluación.');
const modificationRequired = () =>
  conflict('modification_request_required', 'El plan ya está en implementación: los cambios al compromiso y sus hitos requieren una solicitud de modificación aprobada en votación.');
const commitmentWithdrawn = () => conflict('commitment_withdrawn', 'El compromiso fue retirado; ya no admite cambios.');
const invalidProposalTransition = () => conflict('invalid_proposal_transition', 'La propuesta ya no está en un estado que admita esta acción.');
const invalidMilestoneTransition = () => conflict('invalid_milestone_transition', 'El hito no está en un estado que admita esta acción.');
const notPending = () => conflict('modification_not_pending', 'La solicitud ya fue resuelta.');

const manager: Check<unknown> = [(v) => canManageSecretariat(v), coordinatorRequired];
/** Commitment work is done by members: a platform admin who is not one reads only. */
const memberCoordinator: Check<unknown> = [(v) => isCoordinator(v), coordinatorRequired];
const member: Check<unknown> = [(v) => isMember(v), notAMember];
/** Closed and cancelled plans are final. */
const notClosed: Check<{ planStage: PlanStage }> = [(_v, s) => s.planStage !== 'closed' && s.planStage !== 'cancelled', planClosed];
const inExecution: Check<{ planStage: PlanStage }> = [(_v, s) => EXECUTION_STAGES.includes(s.planStage), notInImplementation];
const beforeImplementation: Check<{ planStage: PlanStage }> = [(_v, s) => PRE_IMPLEMENTATION_STAGES.includes(s.planStage), modificationRequired];
const implementer: Check<{ responsibleOrganizationId: string | null }> = [(v, s) => belongsTo(v, s.responsibleOrganizationId), notResponsible];
const milestoneLive: Check<{ commitmentStatus: string }> = [(_v, s) => s.commitmentStatus !== 'withdrawn', commitmentWithdrawn];
const pending: Check<{ status: string }> = [(_v, s) => s.status === 'pending', notPending];
const hasMove = (from: readonly string[]): Check<{ status: string }> => [(_v, s) => from.includes(s.status), invalidProposalTransition];
const milestoneFrom = (from: readonly string[]): Check<{ status: string }> => [(_v, s) => from.includes(s.status), invalidMilestoneTransition];
const measures = (v: Viewer, c: { leadAgencyId: string | null; coResponsibleOrganizationIds: string[] }) =>
  isCoordinator(v) || belongsTo(v, c.leadAgencyId) || c.coResponsibleOrganizationIds.some((id) => belongsTo(v, id));

/**
 * Every action of the product on a secretariat's objects (DESIGN §9). `AccessService.require`
 * decides from this table alone, in this order: 404 (not visible), 403 (`who`), 409 (status,
 * then `when`). Detail responses list the non-read actions of their subject that pass.
 */
/** Editing and deleting one's own comment follow the same rule (author, not hidden, 15-minute window). */
const ownComment = rule({
  subject: 'comment', visible: (v, c) => canSeeProposal(v, c.proposal), status: 'working',
  who: [[(v, c) => c.authorId === v.user.id, () => forbidden('not_comment_author', 'Solo quien escribió el comentario puede modificarlo.')]],
  when: [
    [(_v, c) => !c.deleted, () => conflict('comment_deleted', 'El comentario fue eliminado.')],
    [(_v, c) => !c.hidden, () => conflict('comment_hidden', 'El comentario fue ocultado por la coordinación y ya no puede modificarse.')],
    [(_v, c) => Date.now() - c.createdAt.getTime() <= COMMENT_EDIT_WINDOW_MS,
      () => unprocessable('edit_window_closed', 'Los comentarios solo pueden editarse o eliminarse durante los 15 minutos posteriores a su publicación.')],
  ],
});

export const ACTIONS = {
  // Secretariats, seats, invitations, memberships
  'secretariat.read': rule({ subject: 'secretariat', read: true, who: anyone, status: 'any' }),
  'secretariat.update': rule({ subject: 'secretariat', who: [manager], status: 'not_dissolved' }),
  'secretariat.transition': rule({ subject: 'secretariat', who: [manager], status: 'any' }),
  'seat.create': rule({ subject: 'secretariat', who: [manager], status: 'not_dissolved' }),
  'seat.vacate': rule({ subject: 'secretariat', who: [manager], status: 'not_dissolved' }),
  'seat.reassign': rule({ subject: 'secretariat', who: [manager], status: 'not_dissolved' }),
  'invitation.list': rule({ subject: 'secretariat', read: true, who: [manager], status: 'any' }),
  'invitation.create': rule({ subject: 'secretariat', who: [manager], status: 'not_dissolved' }),
  'invitation.revoke': rule({ subject: 'secretariat', who: [manager], status: 'not_dissolved' }),
  // The invitation's token is the credential (the person is not a member yet): only the status rule applies.
  'invitation.accept': rule({ subject: 'secretariat', byToken: true, who: anyone, status: 'not_dissolved' }),
  'membership.end': rule({
    subject: 'membership', status: 'any',
    who: [[(v, m) => canEndMembership(v, m), () => forbidden('membership_end_forbidden', 'Solo la coordinación del secretariado o la propia persona puede terminar esta participación.')]],
    when: [[(_v, m) => !m.ended, () => conflict('membership_ended', 'Esta participación ya terminó.')]],
  }),
  'membership.update': rule({
    subject: 'membership', who: [manager], status: 'not_dissolved',
    when: [[(_v, m) => !m.ended, () => conflict('membership_ended', 'Esta participación ya terminó.')]],
  }),

  // Plans
  'plan.create': rule({ subject: 'secretariat', who: [manager], status: 'working' }),
  'plan.read': rule({ subject: 'plan', read: true, who: anyone, status: 'any' }),
  'plan.update': rule({ subject: 'plan', who: [manager], status: 'working', when: [notClosed] }),
  'plan.stage.move': rule({
    subject: 'plan', who: [manager], status: 'working',
    when: [[(_v, p) => p.planStage !== 'closed' && p.planStage !== 'cancelled', () => conflict('invalid_stage_transition', 'Un plan cerrado o cancelado ya no cambia de etapa.')]],
  }),

  // Proposals and comments
  'proposal.create': rule({
    subject: 'plan', who: [member], status: 'working',
    when: [[(_v, p) => DRAFTING_STAGES.includes(p.planStage), () => conflict('plan_not_accepting_proposals', 'El plan ya no recibe propuestas en esta etapa.')]],
  }),
  'proposal.read': rule({ subject: 'proposal', read: true, visible: canSeeProposal, who: anyone, status: 'any' }),
  'proposal.update': rule({
    subject: 'proposal', visible: canSeeProposal, status: 'working',
    who: [[(v, p) => ownsProposal(v, p) || (p.status !== 'draft' && canManageSecretariat(v)),
      () => forbidden('not_proposal_editor', 'Solo la organización autora (o la coordinación, después del envío) puede editar esta propuesta.')]],
    when: [[(_v, p) => ['draft', 'submitted', 'in_deliberation'].includes(p.status), () => conflict('proposal_not_editable', 'La propuesta ya no puede editarse.')]],
  }),
  'proposal.submit': rule({
    subject: 'proposal', visible: canSeeProposal, status: 'working',
    who: [[ownsProposal, () => forbidden('not_proposal_author', 'Solo la organización autora puede enviar esta propuesta.')]],
    when: [
      [(_v, p, ctx) => p.planStage === 'consultation' || (p.planStage === 'deliberation' && ctx.rules.allowSubmissionInDeliberation),
        () => conflict('submissions_closed', 'El plan no recibe propuestas en esta etapa.')],
      hasMove(['draft']),
    ],
  }),
  'proposal.withdraw': rule({
    subject: 'proposal', visible: canSeeProposal, status: 'working',
    who: [[ownsProposal, () => forbidden('not_proposal_author', 'Solo la organización autora puede retirar esta propuesta.')]],
    when: [hasMove(['draft', 'submitted', 'in_deliberation'])],
  }),
  'proposal.respond': rule({ subject: 'proposal', visible: canSeeProposal, who: [manager], status: 'working', when: [hasMove(['submitted', 'in_deliberation'])] }),
  'comment.create': rule({ subject: 'proposal', visible: canSeeProposal, who: [member], status: 'working' }),
  'comment.edit': ownComment,
  'comment.delete': ownComment,
  'comment.hide': rule({
    subject: 'comment', visible: (v, c) => canSeeProposal(v, c.proposal), who: [manager], status: 'working',
    when: [[(_v, c) => !c.hidden && !c.deleted, () => conflict('comment_not_hideable', 'El comentario ya está oculto o fue eliminado.')]],
  }),

  // Voting
  'round.open': rule({ subject: 'secretariat', who: [manager], status: 'working' }),
  'round.read': rule({ subject: 'voting_round', read: true, who: anyone, status: 'any' }),
  'round.result': rule({
    subject: 'voting_round', read: true, who: anyone, status: 'any',
    when: [[(_v, r) => r.status === 'closed', () => conflict('round_open', 'Los resultados se publican cuando la votación cierra.')]],
  }),
  'ballot.cast': rule({
    subject: 'voting_round', status: 'not_dissolved',
    who: [[(v, r) => canVote(v) && r.seatIds.includes(v.member!.seatId!),
      () => forbidden('not_a_voter', 'Solo la persona titular o suplente de un asiento con voto en esta ronda puede votar.')]],
    when: [
      [(_v, r) => r.status !== 'closed' && r.closesAt.getTime() > Date.now(), () => conflict('round_closed', 'La votación ya cerró; no se reciben más votos.')],
      [(_v, r) => r.opensAt.getTime() <= Date.now(), () => conflict('round_not_open', 'La votación aún no abre.')],
    ],
  }),

  // Commitments and what hangs from them
  'commitment.read': rule({ subject: 'commitment', read: true, who: anyone, status: 'any' }),
  'commitment.update': rule({ subject: 'commitment', who: [memberCoordinator], status: 'working', when: [beforeImplementation] }),
  'milestone.define': rule({ subject: 'commitment', who: [memberCoordinator], status: 'working', when: [beforeImplementation] }),
  'indicator.create': rule({
    subject: 'commitment', status: 'not_dissolved', when: [notClosed],
    who: [[(v, c) => isCoordinator(v) || belongsTo(v, c.leadAgencyId),
      () => forbidden('indicator_forbidden', 'Solo la coordinación o la dependencia responsable del compromiso definen indicadores.')]],
  }),
  'assessment.create': rule({ subject: 'commitment', who: [[isGuarantorReviewer, guarantorRequired]], status: 'not_dissolved' }),
  'progress_report.create': rule({ subject: 'commitment', who: [[(v, c) => belongsTo(v, c.leadAgencyId), leadAgencyRequired]], status: 'not_dissolved', when: [inExecution] }),
  'modification.create': rule({
    subject: 'commitment', who: [memberCoordinator], status: 'working',
    when: [
      [(_v, c) => EXECUTION_STAGES.includes(c.planStage), () => conflict('edit_directly', 'El plan aún no está en implementación: la coordinación edita el compromiso directamente.')],
      [(_v, c) => c.status !== 'withdrawn', commitmentWithdrawn],
    ],
  }),

  'milestone.read': rule({ subject: 'milestone', read: true, who: anyone, status: 'any' }),
  'milestone.update': rule({ subject: 'milestone', who: [memberCoordinator], status: 'working', when: [beforeImplementation] }),
  'milestone.start': rule({
    subject: 'milestone', who: [member, implementer], status: 'not_dissolved', when: [inExecution, milestoneLive, milestoneFrom(['pending', 'returned'])],
  }),
  'milestone.submit': rule({
    subject: 'milestone', who: [member, implementer], status: 'not_dissolved',
    when: [inExecution, milestoneLive, milestoneFrom(['in_progress']),
      [(_v, m) => m.currentEvidence > 0, () => unprocessable('evidence_required', 'Adjunta al menos una evidencia antes de enviar el hito a revisión.')]],
  }),
  'milestone.review': rule({
    subject: 'milestone', status: 'not_dissolved',
    who: [member, [isGuarantorReviewer, guarantorRequired],
      [(v, m) => !belongsTo(v, m.responsibleOrganizationId), () => forbidden('self_review_forbidden', 'Nadie puede revisar un hito de su propia organización.')]],
    when: [inExecution, milestoneLive,
      [(_v, m) => m.status === 'submitted', () => conflict('milestone_not_submitted', 'El hito no está enviado a revisión.')]],
  }),
  'evidence.add': rule({
    subject: 'milestone', who: [implementer], status: 'not_dissolved',
    when: [inExecution, [(_v, m) => m.status !== 'pending', () => conflict('milestone_not_started', 'Inicia el hito antes de adjuntar evidencia.')]],
  }),

  'evidence.update': rule({
    subject: 'evidence', status: 'not_dissolved',
    who: [[(v, e) => belongsTo(v, e.responsibleOrganizationId) || isCoordinator(v),
      () => forbidden('not_responsible_organization', 'Solo la organización responsable del hito o la coordinación pueden editar esta evidencia.')]],
  }),
  'evidence.remove': rule({
    subject: 'evidence', who: [implementer], status: 'not_dissolved',
    when: [
      [(_v, e) => ['pending', 'in_progress', 'returned'].includes(e.milestoneStatus), () => conflict('evidence_locked', 'El hito ya fue enviado: su evidencia no puede eliminarse, solo sustituirse.')],
      [(_v, e) => !e.supersedesAnother, () => conflict('evidence_locked', 'Esta evidencia sustituye a otra y no puede eliminarse.')],
    ],
  }),

  'indicator.read': rule({ subject: 'indicator', read: true, who: anyone, status: 'any' }),
  'indicator.measure': rule({
    subject: 'indicator', status: 'not_dissolved', when: [notClosed],
    who: [[measures, () => forbidden('measurement_forbidden', 'Solo la coordinación y las organizaciones responsables del compromiso registran mediciones.')]],
  }),

  'progress_report.update': rule({ subject: 'progress_report', who: [[(v, r) => belongsTo(v, r.leadAgencyId), leadAgencyRequired]], status: 'not_dissolved', when: [notClosed] }),
  'progress_report.comment': rule({
    subject: 'progress_report', status: 'not_dissolved',
    who: [member, [(v) => v.member?.sector !== 'government', () => forbidden('other_sector_required', 'Los informes de avance los comentan la sociedad civil y el organismo garante.')]],
  }),

  'modification.read': rule({ subject: 'modification_request', read: true, who: anyone, status: 'any' }),
  'modification.link_round': rule({ subject: 'modification_request', who: [memberCoordinator], status: 'working', when: [pending] }),
  'modification.apply': rule({
    subject: 'modification_request', who: [memberCoordinator], status: 'working',
    when: [pending,
      [(_v, q) => !!q.votingRoundId, () => conflict('voting_round_missing', 'Vincula primero la ronda de votación que decide la solicitud.')],
      [(_v, q) => q.roundClosed, () => conflict('voting_round_open', 'La ronda de votación aún no cierra.')]],
  }),
  'modification.cancel': rule({ subject: 'modification_request', who: [memberCoordinator], status: 'working', when: [pending] }),
} as const;

export type Action = keyof typeof ACTIONS;
export type SubjectOf<A extends Action> = (typeof ACTIONS)[A]['subject'];
/** The actions on one kind of subject (what `actions` of its detail response can contain). */
export type ActionOn<K extends SubjectKind> = { [A in Action]: SubjectOf<A> extends K ? A : never }[Action];

/**
 * Actions that belong to no secretariat: the caller's own account, the catalog and the
 * platform. Routes declare them like the others; `who` is all there is to decide.
 */
export const ACCOUNT_ACTIONS = {
  'me.read': { who: () => true },
  'me.update': { who: () => true },
  'notification.manage': { who: () => true },
  'secretariat.list': { who: () => true },
  'organization.create': { who: () => true },
  'organization.update': { who: () => true },
  'secretariat.create': {
    who: (u: { isPlatformAdmin: boolean }) => u.isPlatformAdmin,
    refusal: () => forbidden('platform_admin_required', 'Solo la administración de la plataforma puede crear secretariados.'),
  },
  'platform.admin': {
    who: (u: { isPlatformAdmin: boolean }) => u.isPlatformAdmin,
    refusal: () => forbidden('platform_admin_required', 'Solo la administración de la plataforma puede consultar esto.'),
  },
} as const;
export type AccountAction = keyof typeof ACCOUNT_ACTIONS;

/** The first refusal of `action` on `subject` for `ctx.viewer`, or null when it is allowed (404 is the caller's). */
export function refusal<A extends Action>(action: A, subject: Subjects[SubjectOf<A>], ctx: SecretariatContext): DomainError | null {
  const r = ACTIONS[action] as unknown as Rule<SubjectOf<A>>;
  for (const [ok, refuse] of r.who) if (!ok(ctx.viewer, subject, ctx)) return refuse();
  if (!(STATUS_RULES[r.status] as readonly string[]).includes(ctx.status)) return STATUS_REFUSALS[ctx.status as 'suspended' | 'dissolved'];
  for (const [ok, refuse] of r.when ?? []) if (!ok(ctx.viewer, subject, ctx)) return refuse();
  return null;
}

/** May the viewer take the action now? The same table `require` decides from. */
export const can = <A extends Action>(action: A, subject: Subjects[SubjectOf<A>], ctx: SecretariatContext) => refusal(action, subject, ctx) === null;

/** Whether a visible subject may be seen at all by this viewer (drafts of other organizations: no). */
export function visible<A extends Action>(action: A, subject: Subjects[SubjectOf<A>], viewer: Viewer): boolean {
  const r = ACTIONS[action] as unknown as Rule<SubjectOf<A>>;
  return !r.visible || r.visible(viewer, subject);
}

const OFFERED: { [K in SubjectKind]?: Action[] } = {};
for (const [name, r] of Object.entries(ACTIONS) as [Action, Rule<SubjectKind>][]) {
  if (!r.read && !r.byToken) (OFFERED[r.subject] ??= []).push(name);
}
/** Every non-read action on a kind, in table order (the OpenAPI enum of `actions`). */
export const offeredOn = <K extends SubjectKind>(kind: K): ActionOn<K>[] => (OFFERED[kind] ?? []) as ActionOn<K>[];

/** The non-read actions on `subject` this viewer may take now: the `actions` of a detail response. */
export function actionsOn<K extends SubjectKind>(kind: K, subject: Subjects[K], ctx: SecretariatContext): ActionOn<K>[] {
  return offeredOn(kind).filter((a) => refusal(a as Action, subject as never, ctx) === null);
}


/**
 * Re-checks the status rule of `action` against a status read under a lock (the secretariat
 * row, in the transaction that makes the change), so a concurrent dissolution cannot slip in
 * between `require` and the write.
 */
export function assertStatus(action: Action, status: string): void {
  if (!(STATUS_RULES[ACTIONS[action].status] as readonly string[]).includes(status)) throw STATUS_REFUSALS[status as 'suspended' | 'dissolved'];
}
