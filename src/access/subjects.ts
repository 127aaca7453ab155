import type { PlanStage } from '../plans/plan-stages';

/**
 * The kinds of object an action is taken on, and the facts about each that the rules need.
 * Each is loaded by one SQL statement (joined with the secretariat context in
 * AccessService), so the table never imports a capability's entities.
 */
export interface SecretariatSubject { id: string; secretariatId: string }
export interface PlanSubject { id: string; secretariatId: string; planStage: PlanStage; adoptedAt: Date | null }
export interface ProposalSubject {
  id: string; secretariatId: string; planId: string; planStage: PlanStage; status: string; authorId: string; authorOrganizationId: string | null;
}
export interface CommentSubject {
  id: string; secretariatId: string; proposalId: string; authorId: string; parentId: string | null; hidden: boolean; deleted: boolean; createdAt: Date;
  proposal: { status: string; authorId: string; authorOrganizationId: string | null };
}
export interface RoundSubject {
  id: string; secretariatId: string; planId: string | null; status: string; opensAt: Date; closesAt: Date; secrecy: 'public' | 'secret'; seatIds: string[];
}
export interface CommitmentSubject {
  id: string; secretariatId: string; planId: string; planStage: PlanStage; status: string; leadAgencyId: string | null; coResponsibleOrganizationIds: string[];
}
export interface MilestoneSubject {
  id: string; secretariatId: string; commitmentId: string; planStage: PlanStage; status: string; responsibleOrganizationId: string | null;
  commitmentStatus: string; currentEvidence: number;
}
export interface EvidenceSubject {
  id: string; secretariatId: string; milestoneId: string; planStage: PlanStage; milestoneStatus: string; responsibleOrganizationId: string | null;
  supersedesAnother: boolean;
}
export interface IndicatorSubject {
  id: string; secretariatId: string; commitmentId: string; planStage: PlanStage; leadAgencyId: string | null; coResponsibleOrganizationIds: string[];
}
export interface ReportSubject { id: string; secretariatId: string; commitmentId: string; planStage: PlanStage; leadAgencyId: string | null }
export interface ModificationSubject {
  id: string; secretariatId: string; commitmentId: string; planId: string; planStage: PlanStage; status: string; votingRoundId: string | null; roundClosed: boolean;
}
export interface MembershipSubject { id: string; secretariatId: string; userId: string; ended: boolean }

export interface Subjects {
  secretariat: SecretariatSubject;
  plan: PlanSubject;
  proposal: ProposalSubject;
  comment: CommentSubject;
  voting_round: RoundSubject;
  commitment: CommitmentSubject;
  milestone: MilestoneSubject;
  evidence: EvidenceSubject;
  indicator: IndicatorSubject;
  progress_report: ReportSubject;
  modification_request: ModificationSubject;
  membership: MembershipSubject;
}
export type SubjectKind = keyof Subjects;

interface Loader<K extends SubjectKind> {
  /** Spanish name for the 404 ("La propuesta no existe o no es visible para ti"). */
  what: string;
  /** One row with a `secretariat_id` column for `$1` (the subject id). */
  sql: string;
  map: (row: Record<string, any>) => Subjects[K]; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const stageOf = 'SELECT stage FROM action_plans WHERE id = ';

export const SUBJECTS: { [K in SubjectKind]: Loader<K> } = {
  secretariat: {
    what: 'El secretariado',
    sql: 'SELECT id, id AS secretariat_id FROM secretariats WHERE id = $1',
    map: (r) => ({ id: r.id, secretariatId: r.secretariat_id }),
  },
  plan: {
    what: 'El plan de acción',
    sql: 'SELECT id, secretariat_id, stage, adopted_at FROM action_plans WHERE id = $1',
    map: (r) => ({ id: r.id, secretariatId: r.secretariat_id, planStage: r.stage, adoptedAt: r.adopted_at }),
  },
  proposal: {
    what: 'La propuesta',
    sql: `SELECT x.id, x.secretariat_id, x.plan_id, (${stageOf} x.plan_id) AS stage, x.status, x.author_id, x.author_organization_id FROM proposals x WHERE x.id = $1`,
    map: (r) => ({
      id: r.id, secretariatId: r.secretariat_id, planId: r.plan_id, planStage: r.stage, status: r.status, authorId: r.author_id, authorOrganizationId: r.author_organization_id,
    }),
  },
  comment: {
    what: 'El comentario',
    sql: `SELECT c.id, c.secretariat_id, c.proposal_id, c.author_id, c.parent_id, c.hidden_at IS NOT NULL AS hidden, c.deleted_at IS NOT NULL AS deleted, c.created_at,
                 x.status AS p_status, x.author_id AS p_author_id, x.author_organization_id AS p_author_organization_id
            FROM proposal_comments c JOIN proposals x ON x.id = c.proposal_id WHERE c.id = $1`,
    map: (r) => ({
      id: r.id, secretariatId: r.secretariat_id, proposalId: r.proposal_id, authorId: r.author_id, parentId: r.parent_id, hidden: r.hidden, deleted: r.deleted,
      createdAt: r.created_at, proposal: { status: r.p_status, authorId: r.p_author_id, authorOrganizationId: r.p_author_organization_id },
    }),
  },
  voting_round: {
    what: 'La votación',
    sql: `SELECT id, secretariat_id, plan_id, status, opens_at, closes_at, secrecy, ARRAY(SELECT s->>'seatId' FROM jsonb_array_elements(seats) s) AS seat_ids
            FROM voting_rounds WHERE id = $1`,
    map: (r) => ({ id: r.id, secretariatId: r.secretariat_id, planId: r.plan_id, status: r.status, opensAt: r.opens_at, closesAt: r.closes_at, secrecy: r.secrecy, seatIds: r.seat_ids }),
  },
  commitment: {
    what: 'El compromiso',
    sql: `SELECT c.id, c.secretariat_id, c.plan_id, (${stageOf} c.plan_id) AS stage, c.status, c.lead_agency_id, c.co_responsible_organization_ids
            FROM commitments c WHERE c.id = $1`,
    map: (r) => ({
      id: r.id, secretariatId: r.secretariat_id, planId: r.plan_id, planStage: r.stage, status: r.status, leadAgencyId: r.lead_agency_id,
      coResponsibleOrganizationIds: r.co_responsible_organization_ids ?? [],
    }),
  },
  milestone: {
    what: 'El hito',
    sql: `SELECT m.id, m.secretariat_id, m.commitment_id, p.stage, m.status, m.responsible_organization_id, c.status AS commitment_status,
                 (SELECT count(*)::int FROM evidence e WHERE e.milestone_id = m.id AND e.superseded_by_id IS NULL) AS current_evidence
            FROM milestones m JOIN commitments c ON c.id = m.commitment_id JOIN action_plans p ON p.id = c.plan_id WHERE m.id = $1`,
    map: (r) => ({
      id: r.id, secretariatId: r.secretariat_id, commitmentId: r.commitment_id, planStage: r.stage, status: r.status,
      responsibleOrganizationId: r.responsible_organization_id, commitmentStatus: r.commitment_status, currentEvidence: r.current_evidence,
    }),
  },
  evidence: {
    what: 'La evidencia',
    sql: `SELECT e.id, e.secretariat_id, e.milestone_id, p.stage, m.status AS milestone_status, m.responsible_organization_id,
                 EXISTS (SELECT 1 FROM evidence o WHERE o.superseded_by_id = e.id) AS supersedes_another
            FROM evidence e JOIN milestones m ON m.id = e.milestone_id JOIN commitments c ON c.id = m.commitment_id JOIN action_plans p ON p.id = c.plan_id
           WHERE e.id = $1`,
    map: (r) => ({
      id: r.id, secretariatId: r.secretariat_id, milestoneId: r.milestone_id, planStage: r.stage, milestoneStatus: r.milestone_status,
      responsibleOrganizationId: r.responsible_organization_id, supersedesAnother: r.supersedes_another,
    }),
  },
  indicator: {
    what: 'El indicador',
    sql: `SELECT i.id, i.secretariat_id, i.commitment_id, p.stage, c.lead_agency_id, c.co_responsible_organization_ids
            FROM indicators i JOIN commitments c ON c.id = i.commitment_id JOIN action_plans p ON p.id = c.plan_id WHERE i.id = $1`,
    map: (r) => ({
      id: r.id, secretariatId: r.secretariat_id, commitmentId: r.commitment_id, planStage: r.stage, leadAgencyId: r.lead_agency_id,
      coResponsibleOrganizationIds: r.co_responsible_organization_ids ?? [],
    }),
  },
  progress_report: {
    what: 'El informe de avance',
    sql: `SELECT r.id, r.secretariat_id, r.commitment_id, p.stage, c.lead_agency_id
            FROM progress_reports r JOIN commitments c ON c.id = r.commitment_id JOIN action_plans p ON p.id = c.plan_id WHERE r.id = $1`,
    map: (r) => ({ id: r.id, secretariatId: r.secretariat_id, commitmentId: r.commitment_id, planStage: r.stage, leadAgencyId: r.lead_agency_id }),
  },
  modification_request: {
    what: 'La solicitud de modificación',
    sql: `SELECT q.id, q.secretariat_id, q.commitment_id, c.plan_id, p.stage, q.status, q.voting_round_id,
                 COALESCE((SELECT v.status = 'closed' FROM voting_rounds v WHERE v.id = q.voting_round_id), false) AS round_closed
            FROM modification_requests q JOIN commitments c ON c.id = q.commitment_id JOIN action_plans p ON p.id = c.plan_id WHERE q.id = $1`,
    map: (r) => ({
      id: r.id, secretariatId: r.secretariat_id, commitmentId: r.commitment_id, planId: r.plan_id, planStage: r.stage, status: r.status, votingRoundId: r.voting_round_id,
      roundClosed: r.round_closed,
    }),
  },
  membership: {
    what: 'La participación',
    sql: 'SELECT id, secretariat_id, user_id, ended_at IS NOT NULL AS ended FROM memberships WHERE id = $1',
    map: (r) => ({ id: r.id, secretariatId: r.secretariat_id, userId: r.user_id, ended: r.ended }),
  },
};
