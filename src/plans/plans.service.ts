import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { badRequest, conflict, notFound, unprocessable } from '../common/errors/domain-error';
import { Page, paginate } from '../common/pagination';
import { REMINDER_KIND } from '../reminders/reminder-rules';
import { ReminderScheduler } from '../reminders/reminder-scheduler.service';
import { SecretariatRules } from '../secretariats/rules';
import { ActionPlan } from './action-plan.entity';
import { CreatePlanDto, MoveStageDto, PlanDetailDto, PlanDto, PlanListQuery, UpdatePlanDto } from './dto/plan.dto';
import { PlanStageChange } from './plan-stage-change.entity';
import { PLAN_STAGE_CHANGED } from './plan-events';
import { formatLocal } from '../reminders/time-zone';
import { webPaths } from '../common/web-paths';
import { NotificationsService } from '../reminders/notifications.service';
import { ACTIVE_PLAN_STAGES, STAGE_LABELS, StageCondition, stageMove } from './plan-stages';
import { stageDeadlineRows } from './plan-reminders';

export function toPlanDto(p: ActionPlan, now = new Date()): PlanDto {
  return {
    id: p.id,
    secretariatId: p.secretariatId,
    title: p.title,
    description: p.description,
    periodStart: p.periodStart,
    periodEnd: p.periodEnd,
    stage: p.stage,
    stageChangedAt: p.stageChangedAt,
    stageDeadline: p.stageDeadline,
    stageOverdue: !!p.stageDeadline && p.stageDeadline < now && p.stage !== 'closed' && p.stage !== 'cancelled',
    adoptionRoundId: p.adoptionRoundId,
    adoptedAt: p.adoptedAt,
    createdById: p.createdById,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}

@Injectable()
export class PlansService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly reminders: ReminderScheduler,
    private readonly notifications: NotificationsService,
  ) {}

  async list(user: AuthUser, secretariatId: string, query: PlanListQuery): Promise<Page<PlanDto>> {
    await this.access.require(user, 'secretariat.read', secretariatId);
    const qb = this.db.getRepository(ActionPlan).createQueryBuilder('p').where('p.secretariatId = :secretariatId', { secretariatId });
    if (query.stage) qb.andWhere('p.stage = :stage', { stage: query.stage });
    const page = await paginate(qb, query);
    return { items: page.items.map((p) => toPlanDto(p)), nextCursor: page.nextCursor };
  }

  async create(user: AuthUser, secretariatId: string, dto: CreatePlanDto): Promise<PlanDto> {
    await this.access.require(user, 'plan.create', secretariatId);
    checkPeriod(dto.periodStart, dto.periodEnd);
    const plan = await this.db.transaction(async (tx) => {
      const saved = await tx.getRepository(ActionPlan).save(
        tx.getRepository(ActionPlan).create({
          secretariatId,
          title: dto.title,
          description: dto.description ?? '',
          periodStart: dto.periodStart,
          periodEnd: dto.periodEnd,
          stage: 'draft',
          createdById: user.id,
        }),
      );
      await this.audit.record(tx, {
        secretariatId,
        actorId: user.id,
        subjectType: 'action_plan',
        subjectId: saved.id,
        action: 'plan.created',
        data: { title: saved.title, periodStart: saved.periodStart, periodEnd: saved.periodEnd },
      });
      return saved;
    });
    return toPlanDto(plan);
  }

  async get(user: AuthUser, planId: string): Promise<PlanDetailDto> {
    const granted = await this.access.require(user, 'plan.read', planId);
    const plan = await this.db.getRepository(ActionPlan).findOneByOrFail({ id: planId });
    const history = await this.db.getRepository(PlanStageChange).find({ where: { planId }, order: { createdAt: 'ASC', id: 'ASC' } });
    const counts: { status: string; n: string }[] = await this.db.query(
      `SELECT status, count(*) AS n FROM proposals WHERE plan_id = $1 AND status <> 'draft' GROUP BY status`,
      [planId],
    );
    return {
      ...toPlanDto(plan),
      actions: this.access.actions('plan', granted),
      history: history.map((h) => ({ id: h.id, fromStage: h.fromStage, toStage: h.toStage, actorId: h.actorId, reason: h.reason, deadline: h.deadline, createdAt: h.createdAt })),
      proposalCounts: Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])),
    };
  }

  async update(user: AuthUser, planId: string, dto: UpdatePlanDto): Promise<PlanDto> {
    const { ctx } = await this.access.require(user, 'plan.update', planId);
    const plan = await this.db.transaction(async (tx) => {
      const plan = await tx.getRepository(ActionPlan).findOne({ where: { id: planId }, lock: { mode: 'pessimistic_write' } });
      if (!plan) throw notFound('El plan de acción');
      if (plan.stage === 'closed' || plan.stage === 'cancelled') throw conflict('plan_closed', 'El plan está cerrado y ya no puede modificarse.');
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      const set = <K extends keyof ActionPlan>(key: K, value: ActionPlan[K]) => {
        const before = plan[key];
        const same = before instanceof Date && value instanceof Date ? before.getTime() === value.getTime() : before === value;
        if (!same) {
          changes[key] = { from: before, to: value };
          plan[key] = value;
        }
      };
      if (dto.title !== undefined) set('title', dto.title);
      if (dto.description !== undefined) set('description', dto.description);
      if (dto.periodStart !== undefined || dto.periodEnd !== undefined) {
        if (plan.stage !== 'draft') throw conflict('plan_period_locked', 'El periodo del plan solo puede cambiarse mientras es un borrador.');
        checkPeriod(dto.periodStart ?? plan.periodStart, dto.periodEnd ?? plan.periodEnd);
        set('periodStart', dto.periodStart ?? plan.periodStart);
        set('periodEnd', dto.periodEnd ?? plan.periodEnd);
      }
      if (dto.stageDeadline !== undefined) set('stageDeadline', dto.stageDeadline === null ? null : futureDeadline(dto.stageDeadline, 'stageDeadline'));
      if (!Object.keys(changes).length) return plan;
      const saved = await tx.getRepository(ActionPlan).save(plan);
      if (changes.stageDeadline) await this.rescheduleStageDeadline(tx, saved, ctx.rules);
      await this.audit.record(tx, {
        secretariatId: plan.secretariatId,
        actorId: user.id,
        subjectType: 'action_plan',
        subjectId: plan.id,
        action: 'plan.updated',
        data: { changes },
      });
      return saved;
    });
    return toPlanDto(plan);
  }

  /**
   * Moves a plan to another stage. The move must be in the transition table; the winner of
   * two concurrent moves is whoever's conditional UPDATE (WHERE stage = <the stage read>)
   * matches first — the other gets 409. Conditions are checked after that update, inside
   * the same transaction, so they see every change committed before it.
   */
  async moveStage(user: AuthUser, planId: string, dto: MoveStageDto): Promise<PlanDto> {
    const { subject: seen, ctx } = await this.access.require(user, 'plan.stage.move', planId);
    const from = seen.planStage;
    // Two coordinators deciding from the same screen: the later one must not move a stage it never saw.
    if (dto.from && dto.from !== from) throw conflict('stage_changed', 'La etapa del plan cambió mientras se procesaba tu solicitud; vuelve a consultarla.');
    const conditions = stageMove(from, dto.to);
    if (!conditions) {
      throw conflict('invalid_stage_transition', `Un plan en etapa de ${STAGE_LABELS[from]} no puede pasar a ${STAGE_LABELS[dto.to]}.`);
    }
    const deadline = dto.deadline ? futureDeadline(dto.deadline, 'deadline') : null;

    const plan = await this.db.transaction(async (tx) => {
      // Back to deliberation only: a cancel must still see the endorsement to refuse it.
      const leavingAdoption = from === 'adoption' && dto.to === 'deliberation';
      const result = await tx
        .createQueryBuilder()
        .update(ActionPlan)
        .set({
          stage: dto.to,
          stageChangedAt: () => 'now()',
          stageDeadline: deadline,
          // Back from adoption means the plan changes: an earlier endorsement no longer holds.
          ...(leavingAdoption ? { adoptedAt: null, adoptionRoundId: null } : {}),
        })
        .where('id = :planId AND stage = :from', { planId, from })
        .execute();
      if (!result.affected) throw conflict('stage_changed', 'La etapa del plan cambió mientras se procesaba tu solicitud; vuelve a consultarla.');
      const plan = await tx.getRepository(ActionPlan).findOneByOrFail({ id: planId });
      for (const condition of conditions) await this.checkCondition(tx, plan, condition, ctx.rules, dto.reason);
      await this.rescheduleStageDeadline(tx, plan, ctx.rules);

      const change = await tx.getRepository(PlanStageChange).save(
        tx.getRepository(PlanStageChange).create({ planId, fromStage: from, toStage: dto.to, actorId: user.id, reason: dto.reason ?? null, deadline }),
      );
      // Every member learns where the plan is now (not the coordinator who moved it).
      const members: { user_id: string }[] = await tx.query('SELECT user_id FROM memberships WHERE secretariat_id = $1 AND ended_at IS NULL', [plan.secretariatId]);
      await this.notifications.notifyEvent(tx, {
        kind: PLAN_STAGE_CHANGED.kind, key: change.id, actorId: user.id, recipients: members.map((m) => m.user_id),
        secretariatId: plan.secretariatId, subjectType: 'action_plan', subjectId: plan.id,
        subject: `El plan «${plan.title}» pasó a ${STAGE_LABELS[dto.to]}`,
        text: `El plan «${plan.title}» pasó de la etapa de ${STAGE_LABELS[from]} a la de ${STAGE_LABELS[dto.to]}.`
          + (deadline ? ` Esta etapa vence el ${formatLocal(deadline, ctx.timeZone)}.` : '')
          + (dto.reason ? ` Motivo: «${dto.reason}».` : ''),
        link: webPaths.plan(plan.id), dueAt: deadline,
      });
      await this.audit.record(tx, {
        secretariatId: plan.secretariatId,
        actorId: user.id,
        subjectType: 'action_plan',
        subjectId: plan.id,
        action: 'plan.stage_changed',
        data: { from, to: dto.to, deadline: deadline?.toISOString() ?? null, reason: dto.reason ?? null },
      });
      return plan;
    });
    return toPlanDto(plan);
  }

  /** Outbox rows for the current stage deadline, replacing those of the previous one. */
  private rescheduleStageDeadline(tx: EntityManager, plan: ActionPlan, rules: SecretariatRules) {
    return this.reminders.reschedule(tx, 'action_plan', plan.id, [REMINDER_KIND.stageDeadline], stageDeadlineRows(plan, rules.reminders));
  }

  /** The one place stage conditions are judged (DESIGN §3). Throws 422 with the reason. */
  private async checkCondition(tx: EntityManager, plan: ActionPlan, condition: StageCondition, rules: SecretariatRules, reason: string | undefined) {
    switch (condition) {
      case 'single_active_plan': {
        if (rules.allowParallelPlans) return;
        // Serializes concurrent starts of different plans of one secretariat.
        await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`active-plan:${plan.secretariatId}`]);
        const [{ n }] = await tx.query(
          `SELECT count(*)::int AS n FROM action_plans WHERE secretariat_id = $1 AND id <> $2 AND stage = ANY($3)`,
          [plan.secretariatId, plan.id, ACTIVE_PLAN_STAGES],
        );
        if (n > 0) {
          throw unprocessable('another_plan_active', 'El secretariado ya tiene un plan en curso (de consulta a implementación); sus lineamientos no permiten planes en paralelo.');
        }
        return;
      }
      case 'no_open_rounds': {
        const [{ n }] = await tx.query(`SELECT count(*)::int AS n FROM voting_rounds WHERE plan_id = $1 AND status = 'open'`, [plan.id]);
        if (n > 0) throw unprocessable('open_voting_round', 'Hay una votación abierta sobre este plan o sus propuestas; espera a que cierre.');
        return;
      }
      case 'adopted':
        if (!plan.adoptedAt) {
          throw unprocessable('plan_not_adopted', 'El plan no puede pasar a implementación sin una votación de adopción aprobada por los tres sectores.');
        }
        return;
      case 'not_adopted':
        if (plan.adoptedAt) throw unprocessable('plan_adopted', 'Los tres sectores ya adoptaron el plan: pasa a implementación, no se cancela.');
        return;
      case 'reason':
        if (!reason?.trim()) throw unprocessable('reason_required', 'Indica el motivo de la cancelación del plan; queda en su historial.');
        return;
    }
  }
}

function checkPeriod(start: number, end: number) {
  if (end < start) {
    throw badRequest('validation_failed', 'La solicitud contiene datos inválidos.', [
      { field: 'periodEnd', code: 'periodOrder', message: 'El año final del periodo no puede ser anterior al inicial.' },
    ]);
  }
}

function futureDeadline(iso: string, field: string): Date {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime()) || date.getTime() <= Date.now()) {
    throw badRequest('validation_failed', 'La solicitud contiene datos inválidos.', [
      { field, code: 'futureDate', message: `El campo "${field}" debe ser una fecha futura.` },
    ]);
  }
  return date;
}
