import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, In } from 'typeorm';
import { AccessService } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import { requireOrganizationsInState } from '../catalog/organization-state';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { badRequest, conflict, FieldError, notFound, unprocessable } from '../common/errors/domain-error';
import { Page, paginate, PageQuery } from '../common/pagination';
import { ActionPlan } from '../plans/action-plan.entity';
import { STAGE_LABELS } from '../plans/plan-stages';
import { proposalResponseReminders, REMINDER_KIND } from '../reminders/reminder-rules';
import { ReminderScheduler } from '../reminders/reminder-scheduler.service';
import { addDays, endOfLocalDay, localDate } from '../reminders/time-zone';
import { CreateProposalDto, ProposalDetailDto, ProposalDto, ProposalListQuery, RespondDto, ResponseState, RevisionDto, UpdateProposalDto } from './dto/proposal.dto';
import { ProposalRevision, RevisionChanges } from './proposal-revision.entity';
import { EDITABLE_STATUSES, MERGE_TARGET_STATUSES, ProposalAction, proposalMove, ProposalStatus } from './proposal-states';
import { TEMPLATE_FIELDS, TemplateField } from './proposal-template';
import { Proposal } from './proposal.entity';
import { PROPOSAL_ANSWERED, PROPOSAL_MERGED } from './proposal-events';
import { NotificationsService } from '../reminders/notifications.service';
import { webPaths } from '../common/web-paths';

export const STATUS_LABELS: Record<ProposalStatus, string> = {
  draft: 'borrador',
  submitted: 'enviada',
  in_deliberation: 'en deliberación',
  in_vote: 'en votación',
  accepted: 'aceptada',
  rejected: 'rechazada',
  withdrawn: 'retirada',
  merged: 'fusionada',
};

export function responseState(p: Proposal, now = new Date()): ResponseState | null {
  if (p.respondedAt) return 'answered';
  if (p.status !== 'submitted' || !p.responseDueAt) return null;
  return p.responseDueAt < now ? 'late' : 'awaiting';
}

export function toProposalDto(p: Proposal, now = new Date()): ProposalDto {
  return {
    id: p.id,
    planId: p.planId,
    secretariatId: p.secretariatId,
    status: p.status,
    version: p.version,
    authorId: p.authorId,
    authorOrganizationId: p.authorOrganizationId,
    authorSector: p.authorSector,
    title: p.title,
    publicProblem: p.publicProblem,
    statusQuo: p.statusQuo,
    description: p.description,
    howItSolves: p.howItSolves,
    ogpValues: p.ogpValues,
    sdgs: p.sdgs,
    inequalityFocus: p.inequalityFocus,
    inequalityFocusDetail: p.inequalityFocusDetail,
    leadAgencyId: p.leadAgencyId,
    coResponsibleOrganizationIds: p.coResponsibleOrganizationIds,
    submittedAt: p.submittedAt,
    responseDueAt: p.responseDueAt,
    responseState: responseState(p, now),
    respondedLate: !!p.respondedAt && !!p.responseDueAt && p.respondedAt > p.responseDueAt,
    responseDecision: p.responseDecision,
    responseText: p.responseText,
    respondedAt: p.respondedAt,
    respondedById: p.respondedById,
    mergedIntoId: p.mergedIntoId,
    withdrawnAt: p.withdrawnAt,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}

const invalid = (errors: FieldError[]) => badRequest('validation_failed', 'La solicitud contiene datos inválidos.', errors);

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

@Injectable()
export class ProposalsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly reminders: ReminderScheduler,
    private readonly notifications: NotificationsService,
  ) {}

  async list(user: AuthUser, planId: string, query: ProposalListQuery): Promise<Page<ProposalDto>> {
    const { viewer } = (await this.access.require(user, 'plan.read', planId)).ctx;
    const qb = this.db.getRepository(Proposal).createQueryBuilder('p').where('p.planId = :planId', { planId });
    // Drafts only for their own organization.
    qb.andWhere(
      new Brackets((w) => {
        w.where(`p.status <> 'draft'`).orWhere('p.authorId = :me', { me: user.id });
        if (viewer.member?.organizationId) w.orWhere('p.authorOrganizationId = :org', { org: viewer.member.organizationId });
      }),
    );
    if (query.status) qb.andWhere('p.status = :status', { status: query.status });
    if (query.sector) qb.andWhere('p.authorSector = :sector', { sector: query.sector });
    if (query.response === 'answered') qb.andWhere('p.respondedAt IS NOT NULL');
    if (query.response === 'awaiting') qb.andWhere(`p.status = 'submitted' AND p.respondedAt IS NULL AND p.responseDueAt >= now()`);
    if (query.response === 'late') qb.andWhere(`p.status = 'submitted' AND p.respondedAt IS NULL AND p.responseDueAt < now()`);
    const page = await paginate(qb, query);
    const now = new Date();
    return { items: page.items.map((p) => toProposalDto(p, now)), nextCursor: page.nextCursor };
  }

  async create(user: AuthUser, planId: string, dto: CreateProposalDto): Promise<ProposalDto> {
    const { subject: plan, ctx } = await this.access.require(user, 'proposal.create', planId);
    const member = ctx.viewer.member!;
    checkInequalityDetail(dto.inequalityFocus, dto.inequalityFocusDetail);
    await this.checkOrganizations(this.db.manager, plan.secretariatId, dto.leadAgencyId, dto.coResponsibleOrganizationIds);
    const proposal = await this.db.transaction(async (tx) => {
      const saved = await tx.getRepository(Proposal).save(
        tx.getRepository(Proposal).create({
          planId,
          secretariatId: plan.secretariatId,
          status: 'draft',
          authorId: user.id,
          authorOrganizationId: member.organizationId ?? null,
          authorSector: member.sector,
          title: dto.title,
          publicProblem: dto.publicProblem,
          statusQuo: dto.statusQuo,
          description: dto.description,
          howItSolves: dto.howItSolves,
          ogpValues: dto.ogpValues,
          sdgs: [...dto.sdgs].sort((a, b) => a - b),
          inequalityFocus: dto.inequalityFocus,
          inequalityFocusDetail: dto.inequalityFocusDetail ?? null,
          leadAgencyId: dto.leadAgencyId,
          coResponsibleOrganizationIds: dto.coResponsibleOrganizationIds,
        }),
      );
      await this.audit.record(tx, {
        secretariatId: plan.secretariatId,
        actorId: user.id,
        subjectType: 'proposal',
        subjectId: saved.id,
        action: 'proposal.created',
        data: { planId, title: saved.title },
      });
      return saved;
    });
    return toProposalDto(proposal);
  }

  async get(user: AuthUser, proposalId: string): Promise<ProposalDetailDto> {
    const granted = await this.access.require(user, 'proposal.read', proposalId);
    const proposal = await this.db.getRepository(Proposal).findOneByOrFail({ id: proposalId });
    return { ...toProposalDto(proposal), actions: this.access.actions('proposal', granted) };
  }

  /**
   * Edits the template. Drafts: by the author's organization. After submission (until a
   * vote opens): also by coordinators, and every edit is stored as a revision.
   */
  async update(user: AuthUser, proposalId: string, dto: UpdateProposalDto): Promise<ProposalDto> {
    const { subject: seen } = await this.access.require(user, 'proposal.update', proposalId);
    if (dto.leadAgencyId !== undefined || dto.coResponsibleOrganizationIds !== undefined) {
      await this.checkOrganizations(this.db.manager, seen.secretariatId, dto.leadAgencyId, dto.coResponsibleOrganizationIds);
    }

    const proposal = await this.db.transaction(async (tx) => {
      const p = await tx.getRepository(Proposal).findOne({ where: { id: proposalId }, lock: { mode: 'pessimistic_write' } });
      if (!p) throw notFound('La propuesta');
      if (!EDITABLE_STATUSES.includes(p.status)) {
        throw conflict('proposal_not_editable', `Una propuesta ${STATUS_LABELS[p.status]} ya no puede editarse.`);
      }
      if (dto.version !== undefined && dto.version !== p.version) {
        throw conflict('stale_version', 'La propuesta cambió desde que la leíste; vuelve a consultarla antes de editar.');
      }
      const changes: RevisionChanges = {};
      for (const field of TEMPLATE_FIELDS) {
        let value = dto[field as keyof UpdateProposalDto] as unknown;
        if (value === undefined) continue;
        if (field === 'sdgs') value = [...(value as number[])].sort((a, b) => a - b);
        if (!sameValue(p[field as TemplateField], value)) {
          changes[field] = { from: p[field as TemplateField], to: value };
          (p as unknown as Record<string, unknown>)[field] = value;
        }
      }
      checkInequalityDetail(p.inequalityFocus, p.inequalityFocusDetail);
      if (!Object.keys(changes).length) return p;
      p.version += 1;
      const saved = await tx.getRepository(Proposal).save(p);
      if (p.status !== 'draft') {
        await tx.getRepository(ProposalRevision).save(
          tx.getRepository(ProposalRevision).create({ proposalId, version: p.version, authorId: user.id, changes }),
        );
      }
      await this.audit.record(tx, {
        secretariatId: p.secretariatId,
        actorId: user.id,
        subjectType: 'proposal',
        subjectId: p.id,
        action: p.status === 'draft' ? 'proposal.edited' : 'proposal.revised',
        data: { version: p.version, fields: Object.keys(changes) },
      });
      return saved;
    });
    return toProposalDto(proposal);
  }

  /** Submits a draft: allowed in `consultation` (and `deliberation` when the rules say so). */
  async submit(user: AuthUser, proposalId: string): Promise<ProposalDto> {
    const { subject: seen, ctx: facts } = await this.access.require(user, 'proposal.submit', proposalId);
    const proposal = await this.db.transaction(async (tx) => {
      // FOR SHARE on the plan: a concurrent stage move waits for this submission (or vice versa).
      const plan = await tx.getRepository(ActionPlan).findOne({ where: { id: seen.planId }, lock: { mode: 'pessimistic_read' } });
      const open = plan?.stage === 'consultation' || (plan?.stage === 'deliberation' && facts.rules.allowSubmissionInDeliberation);
      if (!plan || !open) {
        throw conflict('submissions_closed', `El plan está en etapa de ${STAGE_LABELS[plan?.stage ?? 'closed']}; no se reciben propuestas.`);
      }
      const submittedAt = new Date();
      const p = await this.transition(tx, proposalId, 'submit', {
        submittedAt,
        responseDueAt: endOfLocalDay(addDays(localDate(submittedAt, facts.timeZone), facts.rules.proposalResponseDays), facts.timeZone),
      });
      await this.audit.record(tx, {
        secretariatId: p.secretariatId,
        actorId: user.id,
        subjectType: 'proposal',
        subjectId: p.id,
        action: 'proposal.submitted',
        data: { responseDueAt: p.responseDueAt!.toISOString() },
      });
      await this.reminders.schedule(tx, proposalResponseReminders({ id: p.id, secretariatId: p.secretariatId, responseDueAt: p.responseDueAt! }, facts.rules.reminders));
      return p;
    });
    return toProposalDto(proposal);
  }

  async withdraw(user: AuthUser, proposalId: string): Promise<ProposalDto> {
    await this.access.require(user, 'proposal.withdraw', proposalId);
    const proposal = await this.db.transaction(async (tx) => {
      const p = await this.transition(tx, proposalId, 'withdraw', { withdrawnAt: new Date() });
      await this.audit.record(tx, { secretariatId: p.secretariatId, actorId: user.id, subjectType: 'proposal', subjectId: p.id, action: 'proposal.withdrawn' });
      await this.reminders.cancelForSubject(tx, 'proposal', p.id, [REMINDER_KIND.proposalResponse], 'withdrawn');
      return p;
    });
    return toProposalDto(proposal);
  }

  /** The secretariat's reasoned response (OGP co-creation standard 4), by coordinators. */
  async respond(user: AuthUser, proposalId: string, dto: RespondDto): Promise<ProposalDto> {
    const { subject: seen } = await this.access.require(user, 'proposal.respond', proposalId);
    if (dto.decision === 'merge' && dto.mergeIntoId === proposalId) {
      throw unprocessable('invalid_merge_target', 'Una propuesta no puede fusionarse consigo misma.');
    }
    const proposal = await this.db.transaction(async (tx) => {
      if (dto.decision === 'merge') {
        // Lock both in id order, so two opposite merges cannot deadlock.
        const ids = [proposalId, dto.mergeIntoId!].sort();
        const locked = await tx.getRepository(Proposal).find({ where: { id: In(ids) }, order: { id: 'ASC' }, lock: { mode: 'pessimistic_write' } });
        const target = locked.find((x) => x.id === dto.mergeIntoId);
        if (!target || target.planId !== seen.planId || target.status === 'draft') {
          throw unprocessable('invalid_merge_target', 'La propuesta destino no existe en este plan.');
        }
        if (!MERGE_TARGET_STATUSES.includes(target.status)) {
          throw unprocessable('invalid_merge_target', `No se puede fusionar en una propuesta ${STATUS_LABELS[target.status]}.`);
        }
      }
      const now = new Date();
      const p = await this.transition(tx, proposalId, dto.decision, {
        responseDecision: dto.decision,
        responseText: dto.text ?? null,
        respondedAt: now,
        respondedById: user.id,
        mergedIntoId: dto.decision === 'merge' ? dto.mergeIntoId! : null,
      });
      await this.audit.record(tx, {
        secretariatId: p.secretariatId,
        actorId: user.id,
        subjectType: 'proposal',
        subjectId: p.id,
        action: 'proposal.responded',
        data: {
          decision: dto.decision,
          mergeIntoId: dto.mergeIntoId ?? null,
          late: !!p.responseDueAt && now > p.responseDueAt,
        },
      });
      await this.reminders.cancelForSubject(tx, 'proposal', p.id, [REMINDER_KIND.proposalResponse], 'answered');
      await this.notifyResponse(tx, p, dto, user.id);
      return p;
    });
    return toProposalDto(proposal);
  }

  /** The author learns the secretariat's reasoned response (or that their proposal was merged), never the coordinator who gave it. */
  private async notifyResponse(tx: EntityManager, p: Proposal, dto: RespondDto, actorId: string) {
    const merged = dto.decision === 'merge';
    const target = merged ? ((await tx.query('SELECT title FROM proposals WHERE id = $1', [dto.mergeIntoId]))[0]?.title as string) : null;
    const said = dto.text ? ` Respuesta del secretariado: «${dto.text}»` : '';
    const text = {
      accept_for_vote: `El secretariado respondió tu propuesta «${p.title}»: pasa a deliberación y podrá someterse a votación.${said}`,
      decline: `El secretariado respondió tu propuesta «${p.title}»: no fue aceptada.${said}`,
      merge: `El secretariado fusionó tu propuesta «${p.title}» con la propuesta «${target}».${said}`,
    }[dto.decision];
    await this.notifications.notifyEvent(tx, {
      kind: merged ? PROPOSAL_MERGED.kind : PROPOSAL_ANSWERED.kind,
      // A proposal is answered at most once per decision (accept for vote, then decline or merge in deliberation).
      key: `${p.id}:${dto.decision}`,
      actorId, recipients: [p.authorId], secretariatId: p.secretariatId, subjectType: 'proposal', subjectId: p.id,
      subject: merged ? `Tu propuesta se fusionó: «${p.title}»` : `Tu propuesta recibió respuesta: «${p.title}»`,
      text, link: webPaths.proposal(p.id),
    });
  }

  async revisions(user: AuthUser, proposalId: string, page: PageQuery): Promise<Page<RevisionDto>> {
    await this.access.require(user, 'proposal.read', proposalId);
    const qb = this.db.getRepository(ProposalRevision).createQueryBuilder('r').where('r.proposalId = :proposalId', { proposalId });
    const result = await paginate(qb, page, { sortKey: 'createdAt', order: 'ASC' });
    const ids = [...new Set(result.items.map((r) => r.authorId))];
    const rows: { id: string; name: string }[] = ids.length ? await this.db.query('SELECT id, name FROM users WHERE id = ANY($1)', [ids]) : [];
    const names = new Map(rows.map((r) => [r.id, r.name]));
    return {
      items: result.items.map((r) => ({ id: r.id, version: r.version, authorId: r.authorId, authorName: names.get(r.authorId) ?? '', changes: r.changes, createdAt: r.createdAt })),
      nextCursor: result.nextCursor,
    };
  }

  /**
   * Applies a lifecycle action with the transition table, under a row lock (the caller's
   * transaction). A proposal no longer in a status the action starts from → 409.
   */
  async transition(tx: EntityManager, proposalId: string, action: ProposalAction, extra: Partial<Proposal> = {}): Promise<Proposal> {
    const p = await tx.getRepository(Proposal).findOne({ where: { id: proposalId }, lock: { mode: 'pessimistic_write' } });
    if (!p) throw notFound('La propuesta');
    const to = proposalMove(p.status, action);
    if (!to) throw conflict('invalid_proposal_transition', `No es posible esa acción sobre una propuesta ${STATUS_LABELS[p.status]}.`);
    Object.assign(p, extra, { status: to });
    return tx.getRepository(Proposal).save(p);
  }

  /** The lead agency must be a government organization; co-responsible ones must exist; all of the secretariat's state. */
  private async checkOrganizations(manager: EntityManager, secretariatId: string, leadAgencyId: string | undefined, coResponsible: string[] | undefined) {
    const ids = [...new Set([...(leadAgencyId ? [leadAgencyId] : []), ...(coResponsible ?? [])])];
    if (!ids.length) return;
    const rows: { id: string; sector: string }[] = await manager.query('SELECT id, sector FROM organizations WHERE id = ANY($1)', [ids]);
    const sector = new Map(rows.map((r) => [r.id, r.sector]));
    const errors: FieldError[] = [];
    if (leadAgencyId && !sector.has(leadAgencyId)) {
      errors.push({ field: 'leadAgencyId', code: 'organizationExists', message: 'La dependencia responsable no existe en el catálogo de organizaciones.' });
    } else if (leadAgencyId && sector.get(leadAgencyId) !== 'government') {
      errors.push({ field: 'leadAgencyId', code: 'governmentOrganization', message: 'La dependencia responsable debe ser una organización del sector gobierno.' });
    }
    for (const id of coResponsible ?? []) {
      if (!sector.has(id)) {
        errors.push({ field: 'coResponsibleOrganizationIds', code: 'organizationExists', message: `La organización corresponsable ${id} no existe en el catálogo.` });
      }
    }
    if (errors.length) throw invalid(errors);
    await requireOrganizationsInState(manager, secretariatId, ids);
  }
}

function checkInequalityDetail(focus: string[], detail: string | null | undefined) {
  if (focus.includes('other') && !detail?.trim()) {
    throw invalid([{ field: 'inequalityFocusDetail', code: 'isNotEmpty', message: 'Describe el grupo cuando el enfoque de desigualdad es "otro".' }]);
  }
}
