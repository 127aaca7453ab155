import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import { requireOrganizationsInState } from '../catalog/organization-state';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { conflict, notFound, unprocessable } from '../common/errors/domain-error';
import { REMINDER_KIND, milestoneReminders, milestoneReviewReminders } from '../reminders/reminder-rules';
import { ReminderScheduler } from '../reminders/reminder-scheduler.service';
import { NotificationsService } from '../reminders/notifications.service';
import { webPaths } from '../common/web-paths';
import { MILESTONE_APPROVED, MILESTONE_RETURNED, MILESTONE_SUBMITTED } from './milestone-events';
import { endOfLocalDay } from '../reminders/time-zone';
import { Commitment } from './commitment.entity';
import { CommitmentsService, PlanFacts } from './commitments.service';
import { MilestoneDetailDto, MilestoneDto, MilestoneInputDto, MilestoneReviewDto, SecretariatMilestoneDto, SecretariatMilestoneQuery, UpdateMilestoneDto } from './dto/milestone.dto';
import { actionsOn } from '../access/actions';
import { SUBJECTS } from '../access/subjects';
import { Page, paginate } from '../common/pagination';
import { Evidence } from './evidence.entity';
import { isOverdue, MILESTONE_TRANSITIONS, MilestoneAction, milestoneMove, MilestoneStatus } from './milestone-states';
import { MilestoneReview } from './milestone-review.entity';
import { Milestone } from './milestone.entity';

export const STATUS_LABELS: Record<MilestoneStatus, string> = {
  pending: 'pendiente',
  in_progress: 'en proceso',
  submitted: 'enviado a revisión',
  approved: 'aprobado',
  returned: 'devuelto con observaciones',
};

const DUE_KINDS = [REMINDER_KIND.milestoneDue, REMINDER_KIND.milestoneOverdue];
const ALL_KINDS = [...DUE_KINDS, REMINDER_KIND.milestoneReview];

export function toMilestoneDto(m: Milestone, now = new Date()): MilestoneDto {
  return {
    id: m.id,
    commitmentId: m.commitmentId,
    secretariatId: m.secretariatId,
    position: m.position,
    title: m.title,
    deliverable: m.deliverable,
    meansOfVerification: m.meansOfVerification,
    responsibleOrganizationId: m.responsibleOrganizationId,
    startDate: m.startDate,
    dueDate: m.dueDate,
    dueAt: m.dueAt,
    weight: m.weight,
    status: m.status,
    overdue: isOverdue(m, now),
    submittedAt: m.submittedAt,
    reviewedAt: m.reviewedAt,
    observations: m.observations,
    version: m.version,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
  };
}

@Injectable()
export class MilestonesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly commitments: CommitmentsService,
    private readonly audit: AuditService,
    private readonly reminders: ReminderScheduler,
    private readonly notifications: NotificationsService,
  ) {}

  async list(user: AuthUser, commitmentId: string): Promise<MilestoneDto[]> {
    await this.access.require(user, 'commitment.read', commitmentId);
    const rows = await this.db.getRepository(Milestone).find({ where: { commitmentId }, order: { position: 'ASC' } });
    const now = new Date();
    return rows.map((m) => toMilestoneDto(m, now));
  }

  /**
   * A secretariat's milestones of one status, each with its commitment, responsible
   * organization and the caller's `actions` (from the access table, on the same facts
   * `require` would load): `submitted` is the guarantor's review queue, oldest submission
   * first. Two statements per page, whatever its size.
   */
  async listForSecretariat(user: AuthUser, secretariatId: string, query: SecretariatMilestoneQuery): Promise<Page<SecretariatMilestoneDto>> {
    const { ctx } = await this.access.require(user, 'secretariat.read', secretariatId);
    const qb = this.db.getRepository(Milestone).createQueryBuilder('m').where('m.secretariatId = :secretariatId', { secretariatId });
    if (query.status) qb.andWhere('m.status = :status', { status: query.status });
    const page = await paginate(qb, query, { sortKey: query.status === 'submitted' ? 'submittedAt' : 'dueAt', order: 'ASC' });
    if (page.items.length === 0) return { items: [], nextCursor: page.nextCursor };
    const facts: { id: string; code: string; title: string; commitment_status: string; stage: string; organization_name: string; current_evidence: number }[] = await this.db.query(
      `SELECT m.id, c.code, c.title, c.status AS commitment_status, p.stage, o.name AS organization_name,
              (SELECT count(*)::int FROM evidence e WHERE e.milestone_id = m.id AND e.superseded_by_id IS NULL) AS current_evidence
         FROM milestones m JOIN commitments c ON c.id = m.commitment_id JOIN action_plans p ON p.id = c.plan_id
         JOIN organizations o ON o.id = m.responsible_organization_id
        WHERE m.id = ANY($1::uuid[])`,
      [page.items.map((m) => m.id)],
    );
    const byId = new Map(facts.map((f) => [f.id, f]));
    const now = new Date();
    const items = page.items.map((m) => {
      const f = byId.get(m.id)!;
      const subject = SUBJECTS.milestone.map({ ...f, secretariat_id: m.secretariatId, commitment_id: m.commitmentId, status: m.status, responsible_organization_id: m.responsibleOrganizationId });
      return {
        ...toMilestoneDto(m, now), commitmentCode: f.code, commitmentTitle: f.title, responsibleOrganizationName: f.organization_name,
        actions: actionsOn('milestone', subject, ctx),
      };
    });
    return { items, nextCursor: page.nextCursor };
  }

  async get(user: AuthUser, milestoneId: string): Promise<MilestoneDetailDto> {
    const granted = await this.access.require(user, 'milestone.read', milestoneId);
    const milestone = await this.db.getRepository(Milestone).findOneByOrFail({ id: milestoneId });
    return { ...toMilestoneDto(milestone), actions: this.access.actions('milestone', granted) };
  }

  async reviews(user: AuthUser, milestoneId: string): Promise<MilestoneReviewDto[]> {
    await this.access.require(user, 'milestone.read', milestoneId);
    const rows = await this.db.getRepository(MilestoneReview).find({ where: { milestoneId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map((r) => ({ id: r.id, decision: r.decision, observations: r.observations, reviewerId: r.reviewerId, createdAt: r.createdAt }));
  }

  /**
   * Coordinators define the milestone set before implementation: POST appends, PUT replaces
   * (ids keep existing milestones). Either way the resulting set must weigh exactly 100.
   */
  async defineSet(user: AuthUser, commitmentId: string, inputs: MilestoneInputDto[], mode: 'append' | 'replace'): Promise<MilestoneDto[]> {
    await this.access.require(user, 'milestone.define', commitmentId);
    await this.db.transaction(async (tx) => {
      const commitment = await this.commitments.lock(tx, commitmentId);
      const facts = await this.commitments.planFacts(commitment.planId, tx);
      await this.writeSet(tx, commitment, inputs, mode, facts, user.id);
    });
    return this.list(user, commitmentId);
  }

  /**
   * Every rule a milestone set must meet against the commitment as it is now (or as a
   * modification would leave it): ids, weights, dates, organizations, removable milestones.
   * A modification request runs it at creation, so an approved one can always be applied.
   */
  async checkSet(tx: EntityManager, commitment: Pick<Commitment, 'id' | 'secretariatId' | 'startDate' | 'endDate'>, inputs: MilestoneInputDto[], mode: 'append' | 'replace') {
    const repo = tx.getRepository(Milestone);
    const existing = await repo.find({ where: { commitmentId: commitment.id }, order: { position: 'ASC' } });
    const byId = new Map(existing.map((m) => [m.id, m]));
    const inputIds = inputs.filter((i) => i.id).map((i) => i.id!);
    if (new Set(inputIds).size !== inputIds.length) throw unprocessable('milestone_duplicated', 'Un mismo hito aparece dos veces en el conjunto.');
    for (const id of inputIds) {
      if (!byId.has(id)) throw unprocessable('milestone_not_in_commitment', 'Uno de los hitos indicados no pertenece a este compromiso.');
    }
    if (mode === 'append' && inputIds.length) throw unprocessable('milestone_id_not_allowed', 'Para modificar hitos existentes envía el conjunto completo con PUT.');

    const removed = mode === 'append' ? [] : existing.filter((m) => !inputIds.includes(m.id));
    const total = (mode === 'append' ? existing.reduce((s, m) => s + m.weight, 0) : 0) + inputs.reduce((s, i) => s + i.weight, 0);
    if (total !== 100) {
      throw unprocessable('milestone_weights_invalid', `Los pesos de los hitos de un compromiso deben sumar 100 (suman ${total}).`);
    }
    for (const i of inputs) this.checkDates(commitment, i.startDate, i.dueDate);
    await this.checkOrganizations(tx, commitment.secretariatId, inputs.map((i) => i.responsibleOrganizationId));

    for (const m of removed) {
      const hasEvidence = await tx.getRepository(Evidence).existsBy({ milestoneId: m.id });
      if (m.status !== 'pending' || hasEvidence) {
        throw unprocessable('milestone_in_use', `El hito "${m.title}" ya tiene avance o evidencia y no puede eliminarse.`);
      }
    }
    return { existing, byId, removed };
  }

  /**
   * Writes a milestone set (direct definition or an approved modification). Milestones left
   * out of a replacement are deleted only while pending and without evidence; reminders of
   * new and moved milestones are (re)scheduled in the same transaction.
   */
  async writeSet(tx: EntityManager, commitment: Commitment, inputs: MilestoneInputDto[], mode: 'append' | 'replace', facts: PlanFacts, actorId: string) {
    const repo = tx.getRepository(Milestone);
    const { existing, byId, removed } = await this.checkSet(tx, commitment, inputs, mode);
    for (const m of removed) {
      await repo.delete({ id: m.id });
      await this.reminders.cancelForSubject(tx, 'milestone', m.id, undefined, 'milestone_deleted');
      await this.audit.record(tx, { secretariatId: commitment.secretariatId, actorId, subjectType: 'milestone', subjectId: m.id, action: 'milestone.deleted', data: { commitmentId: commitment.id, title: m.title } });
    }

    let position = mode === 'append' ? existing.length : 0;
    for (const input of inputs) {
      position++;
      const before = input.id ? byId.get(input.id)! : null;
      const fields = {
        position,
        title: input.title,
        deliverable: input.deliverable ?? before?.deliverable ?? '',
        meansOfVerification: input.meansOfVerification ?? before?.meansOfVerification ?? '',
        responsibleOrganizationId: input.responsibleOrganizationId,
        startDate: input.startDate,
        dueDate: input.dueDate,
        weight: input.weight,
      };
      const changed = before ? (Object.keys(fields) as (keyof typeof fields)[]).filter((k) => before[k] !== fields[k]) : Object.keys(fields);
      if (!changed.length) continue;
      const diff = before ? Object.fromEntries(changed.map((k) => [k, { from: before[k as keyof typeof fields], to: fields[k as keyof typeof fields] }])) : null;
      const m = before ?? repo.create({ commitmentId: commitment.id, secretariatId: commitment.secretariatId, status: 'pending' });
      Object.assign(m, fields, { dueAt: endOfLocalDay(input.dueDate, facts.timeZone) });
      const saved = await repo.save(m);
      if ((!before || changed.includes('dueDate')) && saved.status !== 'approved') await this.scheduleDue(tx, saved, facts);
      await this.audit.record(tx, {
        secretariatId: commitment.secretariatId,
        actorId,
        subjectType: 'milestone',
        subjectId: saved.id,
        action: before ? 'milestone.updated' : 'milestone.created',
        data: diff
          ? { commitmentId: commitment.id, changes: diff }
          : { commitmentId: commitment.id, title: saved.title, weight: saved.weight, dueDate: saved.dueDate, responsibleOrganizationId: saved.responsibleOrganizationId },
      });
    }
    await this.commitments.refreshStatus(tx, commitment.id, actorId);
  }

  /** Coordinators edit a milestone's description, responsible organization and dates before implementation. */
  async update(user: AuthUser, milestoneId: string, dto: UpdateMilestoneDto): Promise<MilestoneDto> {
    const { subject: seen } = await this.access.require(user, 'milestone.update', milestoneId);
    const saved = await this.db.transaction(async (tx) => {
      const commitment = await this.commitments.lock(tx, seen.commitmentId);
      const m = await tx.getRepository(Milestone).findOneBy({ id: milestoneId });
      if (!m) throw notFound('El hito');
      if (dto.version !== undefined && dto.version !== m.version) throw conflict('stale_version', 'El hito cambió desde que lo consultaste; vuelve a cargarlo.');
      const facts = await this.commitments.planFacts(commitment.planId, tx);
      const input: MilestoneInputDto = {
        id: m.id,
        title: dto.title ?? m.title,
        deliverable: dto.deliverable ?? m.deliverable,
        meansOfVerification: dto.meansOfVerification ?? m.meansOfVerification,
        responsibleOrganizationId: dto.responsibleOrganizationId ?? m.responsibleOrganizationId,
        startDate: dto.startDate ?? m.startDate,
        dueDate: dto.dueDate ?? m.dueDate,
        weight: m.weight,
      };
      const all = await tx.getRepository(Milestone).find({ where: { commitmentId: commitment.id }, order: { position: 'ASC' } });
      const set = all.map((x) => (x.id === m.id ? input : { ...x, id: x.id }));
      await this.writeSet(tx, commitment, set, 'replace', facts, user.id);
      return tx.getRepository(Milestone).findOneByOrFail({ id: milestoneId });
    });
    return toMilestoneDto(saved);
  }

  /**
   * Applies a lifecycle action (the transition table decides; this is the one place it is
   * checked). Implementers are members of the responsible organization; reviewers are
   * guarantor seat holders from another organization. The status change is a conditional
   * UPDATE on the status read, so of two concurrent reviews exactly one wins (the other 409).
   */
  async transition(user: AuthUser, milestoneId: string, action: MilestoneAction, observations?: string): Promise<MilestoneDto> {
    const rule = MILESTONE_TRANSITIONS[action];
    const { subject: seen, ctx } = await this.access.require(user, rule.actor === 'reviewer' ? 'milestone.review' : `milestone.${action as 'start' | 'submit'}`, milestoneId);

    const saved = await this.db.transaction(async (tx) => {
      const commitment = await this.commitments.lock(tx, seen.commitmentId);
      const facts = await this.commitments.planFacts(commitment.planId, tx);
      const current = await tx.getRepository(Milestone).findOneByOrFail({ id: milestoneId });
      const to = milestoneMove(current.status, action);
      if (!to) {
        if (rule.actor === 'reviewer') throw conflict('milestone_not_submitted', `El hito ya no está enviado a revisión (está ${STATUS_LABELS[current.status]}).`);
        throw conflict('invalid_milestone_transition', `Un hito ${STATUS_LABELS[current.status]} no admite esta acción.`);
      }
      const now = new Date();
      const set: Partial<Milestone> = { status: to };
      if (action === 'submit') Object.assign(set, { submittedAt: now, submittedById: user.id });
      if (rule.actor === 'reviewer') Object.assign(set, { reviewedAt: now, reviewedById: user.id, observations: action === 'return' ? observations! : null });
      const result = await tx
        .createQueryBuilder()
        .update(Milestone)
        .set(set)
        .where('id = :id AND status = :from', { id: milestoneId, from: current.status })
        .execute();
      if (!result.affected) throw conflict('milestone_changed', 'Alguien más cambió el hito al mismo tiempo; vuelve a cargarlo.');

      let reviewId: string | null = null;
      if (rule.actor === 'reviewer') {
        reviewId = (await tx.getRepository(MilestoneReview).save(
          tx.getRepository(MilestoneReview).create({
            milestoneId,
            decision: action as 'approve' | 'return',
            observations: action === 'return' ? observations! : (observations ?? null),
            reviewerId: user.id,
            reviewerOrganizationId: ctx.viewer.member!.organizationId,
          }),
        )).id;
      }
      const updated = await tx.getRepository(Milestone).findOneByOrFail({ id: milestoneId });
      await this.rescheduleForStatus(tx, updated, facts);
      await this.audit.record(tx, {
        secretariatId: updated.secretariatId,
        actorId: user.id,
        subjectType: 'milestone',
        subjectId: milestoneId,
        action: `milestone.${{ start: 'started', submit: 'submitted', approve: 'approved', return: 'returned' }[action]}`,
        data: { from: current.status, to, commitmentId: updated.commitmentId, ...(action === 'return' ? { observations } : {}) },
      });
      await this.commitments.refreshStatus(tx, updated.commitmentId, user.id);
      await this.notifyTransition(tx, updated, commitment, action, user.id, reviewId ?? `${milestoneId}:${now.toISOString()}`);
      return updated;
    });
    return toMilestoneDto(saved);
  }

  /**
   * Submitted → the guarantor seat holders who may review it (never of the responsible
   * organization); approved or returned → the responsible organization's members. Starting a
   * milestone tells nobody.
   */
  private async notifyTransition(tx: EntityManager, m: Milestone, c: Commitment, action: MilestoneAction, actorId: string, key: string) {
    if (action === 'start') return;
    const recipients: { user_id: string }[] = action === 'submit'
      ? await tx.query(
        `SELECT user_id FROM memberships WHERE secretariat_id = $1 AND ended_at IS NULL AND sector = 'guarantor' AND role IN ('titular', 'alternate')
            AND organization_id IS DISTINCT FROM $2`,
        [m.secretariatId, m.responsibleOrganizationId])
      : await tx.query('SELECT user_id FROM memberships WHERE secretariat_id = $1 AND ended_at IS NULL AND organization_id = $2', [m.secretariatId, m.responsibleOrganizationId]);
    const what = `el hito «${m.title}» del compromiso ${c.code} «${c.title}»`;
    const event = {
      submit: { kind: MILESTONE_SUBMITTED.kind, subject: `Hito por revisar: «${m.title}»`, text: `La organización responsable envió a revisión ${what}, con su evidencia. Revísalo para aprobarlo o devolverlo con observaciones.` },
      approve: { kind: MILESTONE_APPROVED.kind, subject: `Hito aprobado: «${m.title}»`, text: `El organismo garante aprobó ${what}.` },
      return: { kind: MILESTONE_RETURNED.kind, subject: `Hito devuelto con observaciones: «${m.title}»`, text: `El organismo garante devolvió ${what} con estas observaciones: «${m.observations ?? ''}». Atiéndelas y vuelve a enviarlo.` },
    }[action];
    await this.notifications.notifyEvent(tx, {
      ...event, key, actorId, recipients: recipients.map((r) => r.user_id), secretariatId: m.secretariatId, subjectType: 'milestone', subjectId: m.id,
      link: webPaths.milestone(m.id), dueAt: action === 'approve' ? null : m.dueAt,
    });
  }

  /**
   * Reminders follow the status: due/overdue reminders while work is open, a review
   * reminder while submitted, none once approved.
   */
  private async rescheduleForStatus(tx: EntityManager, m: Milestone, facts: PlanFacts) {
    const rules = facts.rules.reminders;
    if (m.status === 'submitted') {
      await this.reminders.reschedule(tx, 'milestone', m.id, [REMINDER_KIND.milestoneReview], milestoneReviewReminders({ ...m, submittedAt: m.submittedAt! }, rules));
    } else if (m.status === 'approved') {
      await this.reminders.cancelForSubject(tx, 'milestone', m.id, ALL_KINDS, 'milestone_approved');
    } else {
      await this.reminders.cancelForSubject(tx, 'milestone', m.id, [REMINDER_KIND.milestoneReview], 'milestone_reviewed');
    }
  }

  /** Due and overdue reminders from the secretariat's rules, replacing those of an earlier due date. */
  private async scheduleDue(tx: EntityManager, m: Milestone, facts: PlanFacts) {
    await this.reminders.reschedule(tx, 'milestone', m.id, DUE_KINDS, milestoneReminders(m, facts.rules.reminders, facts.timeZone));
  }

  private checkDates(c: Pick<Commitment, 'startDate' | 'endDate'>, startDate: string, dueDate: string) {
    if (startDate > dueDate) throw unprocessable('milestone_dates_invalid', 'La fecha de inicio del hito debe ser anterior o igual a su fecha límite.');
    if (startDate < c.startDate || dueDate > c.endDate) {
      throw unprocessable('milestone_outside_commitment', `Las fechas del hito deben estar dentro de las del compromiso (${c.startDate} a ${c.endDate}).`);
    }
  }

  private async checkOrganizations(em: EntityManager, secretariatId: string, ids: string[]) {
    const unique = [...new Set(ids)];
    const rows: { id: string }[] = await em.query('SELECT id FROM organizations WHERE id = ANY($1::uuid[])', [unique]);
    if (rows.length !== unique.length) throw unprocessable('organization_not_found', 'La organización responsable de algún hito no existe.');
    await requireOrganizationsInState(em, secretariatId, unique);
  }
}
