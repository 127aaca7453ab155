import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { computeProgress, CommitmentProgress, IRM_COMPLETION, irmCompletion } from '../commitments/progress';
import { notFound } from '../common/errors/domain-error';
import { decodeCursor, encodeCursor } from '../common/pagination';
import { stateCodeOf } from './state-filter';
import { PreparedSql } from '../database/prepared-sql';
import { AppConfig } from '../config/app-config';
import { PUBLISHED_PLAN_STAGES } from '../plans/plan-stages';
import {
  PublicOrganizationDto,
  PlanProgressDto,
  PublicCommitmentDetailDto,
  PublicCommitmentDto,
  PublicEvidenceDto,
  PublicIndicatorDto,
  PublicMeasurementDto,
  PublicMilestoneDto,
  PublicPlanDto,
  PublicPlanPageDto,
  PublicPlansQuery,
  PublicPlanSummaryDto,
  PublicRoundDto,
  PublicSecretariatDto,
} from './dto/public.dto';
import { LatestInstant } from './http-cache';

type Row = Record<string, any>;

export interface Cacheable<T> {
  body: T;
  lastModified: Date | null;
}

const PUBLISHED = [...PUBLISHED_PLAN_STAGES];

/** Plan columns shared by the list, the detail and the commitment detail. */
const PLAN_SELECT = `
  p.id, p.title, p.description, p.period_start, p.period_end, p.stage, p.stage_changed_at, p.adopted_at,
  p.created_at, p.updated_at, p.secretariat_id,
  s.name AS secretariat_name, s.municipality, s.status AS secretariat_status, s.updated_at AS secretariat_updated_at,
  st.code AS state_code, st.name AS state_name, st.abbreviation AS state_abbreviation`;
const PLAN_FROM = `action_plans p JOIN secretariats s ON s.id = p.secretariat_id JOIN states st ON st.code = s.state_code`;

/** What the portal's search reads, folded like searchWords folds the query. */
const SEARCHABLE = `translate(lower(p.title || ' ' || s.name || ' ' || coalesce(s.municipality, '') || ' ' || st.name || ' ' || st.abbreviation),
  'áéíóúüñÁÉÍÓÚÜÑ', 'aeiouunaeiouun')`;

/** Lower-case words without accents, with LIKE's wildcards escaped: "Educación  100%" → ["educacion", "100\\%"]. */
function searchWords(q: string | undefined): string[] {
  if (!q) return [];
  return q
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 8)
    .map((w) => w.replace(/[\\%_]/g, (c) => `\\${c}`));
}

/**
 * The public portal (DESIGN §6): published plans (stage `adoption` onwards) with their
 * commitments, milestones, public evidence, progress, indicators and closed voting rounds.
 * Reads with SQL only what may be shown: no user ids, emails, ballot reasons or private
 * evidence ever leave this service, and secret rounds give counts only.
 */
@Injectable()
export class PublicService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    // The portal's pages: fixed statements, prepared once per connection (the search list is not: its text varies).
    private readonly sql: PreparedSql,
  ) {}

  async listPlans(q: PublicPlansQuery): Promise<PublicPlanPageDto> {
    const params: unknown[] = [PUBLISHED];
    let where = 'p.stage = ANY($1)';
    if (q.state) {
      params.push(await stateCodeOf(this.db, q.state));
      where += ` AND st.code = $${params.length}`;
    }
    if (q.stage) {
      params.push(q.stage);
      where += ` AND p.stage = $${params.length}`;
    }
    for (const word of searchWords(q.q)) {
      params.push(`%${word}%`);
      where += ` AND ${SEARCHABLE} LIKE $${params.length}`;
    }
    if (q.cursor) {
      const [createdAt, id] = decodeCursor(q.cursor, ['date', 'uuid']);
      params.push(createdAt, id);
      where += ` AND (p.created_at, p.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
    }
    params.push(q.limit + 1);
    const rows: Row[] = await this.db.query(
      `SELECT ${PLAN_SELECT} FROM ${PLAN_FROM} WHERE ${where} ORDER BY p.created_at DESC, p.id DESC LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, q.limit);
    const progress = await this.planProgress(page.map((r) => r.id));
    const last = page[page.length - 1];
    return {
      items: page.map((r) => this.planSummary(r, progress.get(r.id)!)),
      nextCursor: rows.length > q.limit && last ? encodeCursor([last.created_at.toISOString(), last.id]) : null,
    };
  }

  async plan(planId: string): Promise<Cacheable<PublicPlanDto>> {
    // Everything at once: the parts of the page depend on the plan id only (the secretariat
    // through a sub-select), so none waits for another; an unpublished plan is a 404 anyway.
    const stamps = new LatestInstant();
    const [plan, commitments, rounds, seats, history]: [Row, PublicCommitmentDto[], PublicRoundDto[], Row[], Row[], void] = await Promise.all([
      this.publishedPlan('p.id = $2', planId, 'El plan de acción'),
      this.commitments('c.plan_id = $1', planId, stamps),
      this.rounds('r.plan_id = $1', planId, stamps),
      this.sql.query(
        `SELECT o.id, o.name, o.sector, o.kind, o.updated_at
           FROM seats se JOIN organizations o ON o.id = se.organization_id
          WHERE se.secretariat_id = (SELECT secretariat_id FROM action_plans WHERE id = $1) AND se.active
          ORDER BY o.sector, o.name, o.id`,
        [planId],
      ),
      this.sql.query(`SELECT from_stage, to_stage, created_at FROM plan_stage_changes WHERE plan_id = $1 ORDER BY created_at, id`, [planId]),
      this.addLastAuditEvent(`(SELECT secretariat_id FROM action_plans WHERE id = $1)`, planId, stamps),
    ]);
    stamps.add(plan.updated_at, plan.stage_changed_at, plan.secretariat_updated_at);
    seats.forEach((o) => stamps.add(o.updated_at));
    return {
      body: {
        ...this.planSummary(plan, summarize(commitments.map((c) => ({ status: c.status, progress: c.progress })))),
        description: plan.description,
        stageChangedAt: plan.stage_changed_at,
        organizations: seats.map(orgRef),
        stageHistory: history.map((h) => ({ from: h.from_stage, to: h.to_stage, at: h.created_at })),
        commitments,
        votingRounds: rounds,
      },
      lastModified: stamps.value,
    };
  }

  async commitment(commitmentId: string): Promise<Cacheable<PublicCommitmentDetailDto>> {
    const stamps = new LatestInstant();
    const [plan, [commitment], [round]] = await Promise.all([
      this.publishedPlan('p.id = (SELECT plan_id FROM commitments WHERE id = $2)', commitmentId, 'El compromiso'),
      this.commitments('c.id = $1', commitmentId, stamps),
      this.rounds(
        `r.subject_type = 'proposal' AND r.subject_id = (SELECT proposal_id FROM commitments WHERE id = $1) AND r.outcome = 'approved'`,
        commitmentId,
        stamps,
      ),
      this.addLastAuditEvent('(SELECT secretariat_id FROM commitments WHERE id = $1)', commitmentId, stamps),
    ]);
    if (!commitment) throw notFound('El compromiso');
    stamps.add(plan.updated_at, plan.stage_changed_at, plan.secretariat_updated_at);
    const planProgress = await this.planProgress([plan.id]);
    return {
      body: { ...commitment, plan: this.planSummary(plan, planProgress.get(plan.id)!), votingRound: round ?? null },
      lastModified: stamps.value,
    };
  }

  /**
   * A secretariat with a published plan, as the public sees it: seats by sector with their
   * organizations (never the people who hold them), its lifecycle and its published plans.
   */
  async secretariat(id: string): Promise<Cacheable<PublicSecretariatDto>> {
    const [s]: Row[] = await this.sql.query(
      `SELECT s.id, s.name, s.municipality, s.status, s.declared_at, s.declaration_document_url, s.installed_at,
              s.installation_document_url, s.suspended_sector, s.suspension_reason, s.updated_at,
              st.code AS state_code, st.name AS state_name, st.abbreviation AS state_abbreviation, st.time_zone
         FROM secretariats s JOIN states st ON st.code = s.state_code
        WHERE s.id = $1 AND EXISTS (SELECT 1 FROM action_plans p WHERE p.secretariat_id = s.id AND p.stage = ANY($2))`,
      [id, PUBLISHED],
    );
    if (!s) throw notFound('El secretariado');
    const stamps = new LatestInstant().add(s.updated_at);
    const [seats, history, plans]: Row[][] = await Promise.all([
      this.sql.query(
        `SELECT se.sector, se.created_at, se.updated_at AS seat_updated_at, o.id, o.name, o.sector AS org_sector, o.kind, o.updated_at
           FROM seats se JOIN organizations o ON o.id = se.organization_id
          WHERE se.secretariat_id = $1 AND se.active
          ORDER BY array_position(ARRAY['government', 'civil_society', 'guarantor'], se.sector), o.name, o.id`,
        [id],
      ),
      this.sql.query(
        `SELECT from_status, to_status, occurred_at, effective_at, sector, reason, document
           FROM secretariat_transitions WHERE secretariat_id = $1 ORDER BY occurred_at, id`,
        [id],
      ),
      this.sql.query(`SELECT ${PLAN_SELECT} FROM ${PLAN_FROM} WHERE p.secretariat_id = $1 AND p.stage = ANY($2) ORDER BY p.created_at DESC, p.id DESC`, [
        id,
        PUBLISHED,
      ]),
    ]);
    const progress = await this.planProgress(plans.map((p) => p.id));
    seats.forEach((r) => stamps.add(r.seat_updated_at, r.updated_at));
    history.forEach((h) => stamps.add(h.occurred_at));
    plans.forEach((p) => stamps.add(p.updated_at, p.stage_changed_at));
    await this.addLastAuditEvent('$1', id, stamps);
    return {
      body: {
        id: s.id,
        name: s.name,
        municipality: s.municipality,
        status: s.status,
        state: { code: s.state_code, name: s.state_name, abbreviation: s.state_abbreviation },
        timeZone: s.time_zone,
        declaredAt: s.declared_at,
        declarationDocumentUrl: s.declaration_document_url,
        installedAt: s.installed_at,
        installationDocumentUrl: s.installation_document_url,
        suspendedSector: s.suspended_sector,
        suspensionReason: s.suspension_reason,
        seats: seats.map((r) => ({ sector: r.sector, organization: orgRef({ ...r, sector: r.org_sector }), since: r.created_at })),
        history: history.map((h) => ({
          from: h.from_status,
          to: h.to_status,
          at: h.occurred_at,
          effectiveAt: h.effective_at,
          sector: h.sector,
          reason: h.reason,
          document: h.document,
        })),
        plans: plans.map((p) => this.planSummary(p, progress.get(p.id)!)),
      },
      lastModified: stamps.value,
    };
  }

  private async publishedPlan(condition: string, id: string, what: string): Promise<Row> {
    const [plan] = await this.sql.query(`SELECT ${PLAN_SELECT} FROM ${PLAN_FROM} WHERE p.stage = ANY($1) AND ${condition}`, [PUBLISHED, id]);
    if (!plan) throw notFound(what);
    return plan;
  }

  private planSummary(r: Row, progress: PlanProgressDto): PublicPlanSummaryDto {
    return {
      id: r.id,
      title: r.title,
      periodStart: r.period_start,
      periodEnd: r.period_end,
      stage: r.stage,
      adoptedAt: r.adopted_at,
      state: { code: r.state_code, name: r.state_name, abbreviation: r.state_abbreviation },
      secretariat: { id: r.secretariat_id, name: r.secretariat_name, municipality: r.municipality, status: r.secretariat_status },
      progress,
    };
  }

  /**
   * Progress of several plans in one query (no N+1 on the list). The per-commitment sums are
   * a LATERAL aggregate, so each is an index lookup of that commitment's milestones: the
   * cost follows the plans asked for, never the milestones of the whole country.
   */
  private async planProgress(planIds: string[]): Promise<Map<string, PlanProgressDto>> {
    const rows: Row[] = await this.sql.query(
      `SELECT c.plan_id, c.status, p.verified, p.self_reported
         FROM commitments c
         CROSS JOIN LATERAL (
           SELECT coalesce(sum(m.weight) FILTER (WHERE m.status = 'approved'), 0)::int AS verified,
                  coalesce(sum(m.weight) FILTER (WHERE m.status IN ('approved', 'submitted')), 0)::int AS self_reported
             FROM milestones m WHERE m.commitment_id = c.id) p
        WHERE c.plan_id = ANY($1::uuid[])`,
      [planIds],
    );
    const byPlan = new Map<string, Row[]>(planIds.map((id) => [id, []]));
    for (const r of rows) byPlan.get(r.plan_id)?.push(r);
    return new Map(
      planIds.map((id) => [
        id,
        summarize(
          byPlan.get(id)!.map((c) => ({
            status: c.status,
            progress: { verifiedProgress: c.verified, selfReportedProgress: c.self_reported, completion: irmCompletion(c.verified) },
          })),
        ),
      ]),
    );
  }

  /**
   * Commitments matching `condition` (on alias c, `$1` = id) with milestones, evidence,
   * indicators. The five statements run at once: each child set is found from the ids of
   * its parents inside the statement (`= ANY(ARRAY(SELECT …))`), so none waits on another
   * and each is an index lookup per parent, whatever the size of the country's tables.
   */
  private async commitments(condition: string, id: string, stamps: LatestInstant): Promise<PublicCommitmentDto[]> {
    const commitmentIds = `ARRAY(SELECT c.id FROM commitments c WHERE ${condition})`;
    const milestoneIds = `ARRAY(SELECT m.id FROM milestones m WHERE m.commitment_id = ANY(${commitmentIds}))`;
    const indicatorIds = `ARRAY(SELECT i.id FROM indicators i WHERE i.commitment_id = ANY(${commitmentIds}))`;
    const [commitments, milestones, evidence, indicators, measurements]: Row[][] = await Promise.all([
      this.sql.query(`SELECT c.*, c.start_date::text AS start_date, c.end_date::text AS end_date FROM commitments c WHERE ${condition} ORDER BY c.seq, c.id`, [id]),
      this.sql.query(
        `SELECT m.id, m.commitment_id, m.position, m.title, m.deliverable, m.means_of_verification, m.responsible_organization_id,
                m.start_date::text AS start_date, m.due_date::text AS due_date, m.due_at, m.weight, m.status, m.submitted_at,
                m.reviewed_at, m.observations, m.updated_at, milestone_overdue(m.status, m.due_at) AS overdue
           FROM milestones m WHERE m.commitment_id = ANY(${commitmentIds}) ORDER BY m.position, m.id`,
        [id],
      ),
      this.sql.query(
        `SELECT e.id, e.milestone_id, e.kind, e.description, e.url, e.file_name, e.content_type, e.size_bytes::float8 AS size_bytes,
                e.sha256, e.created_at
           FROM evidence e
          WHERE e.milestone_id = ANY(${milestoneIds}) AND e.public AND e.superseded_by_id IS NULL
          ORDER BY e.created_at, e.id`,
        [id],
      ),
      this.sql.query(
        `SELECT i.id, i.commitment_id, i.name, i.description, i.unit, i.baseline::float8 AS baseline, i.baseline_date::text AS baseline_date,
                i.target::float8 AS target, i.target_date::text AS target_date, i.updated_at
           FROM indicators i WHERE i.commitment_id = ANY(${commitmentIds}) ORDER BY i.created_at, i.id`,
        [id],
      ),
      this.sql.query(
        `SELECT im.indicator_id, im.measured_on::text AS measured_on, im.value::float8 AS value, im.source, im.source_url, im.note, im.created_at
           FROM indicator_measurements im
          WHERE im.indicator_id = ANY(${indicatorIds}) ORDER BY im.measured_on, im.id`,
        [id],
      ),
    ]);
    if (!commitments.length) return [];
    const orgIds = new Set<string>();
    for (const c of commitments) {
      if (c.lead_agency_id) orgIds.add(c.lead_agency_id);
      for (const o of c.co_responsible_organization_ids ?? []) orgIds.add(o);
    }
    for (const m of milestones) orgIds.add(m.responsible_organization_id);
    const orgs = await this.organizations([...orgIds], stamps);

    const now = Date.now();
    const evidenceByMilestone = groupBy(evidence, 'milestone_id');
    const milestonesByCommitment = groupBy(milestones, 'commitment_id');
    const measurementsByIndicator = groupBy(measurements, 'indicator_id');
    const indicatorsByCommitment = groupBy(indicators, 'commitment_id');

    return commitments.map((c) => {
      stamps.add(c.updated_at);
      const ms = milestonesByCommitment.get(c.id) ?? [];
      const milestoneDtos: PublicMilestoneDto[] = ms.map((m) => {
        // A milestone turning overdue changes the document without any write.
        stamps.add(m.updated_at, m.due_at.getTime() < now ? m.due_at : null);
        return {
          id: m.id,
          position: m.position,
          title: m.title,
          deliverable: m.deliverable,
          meansOfVerification: m.means_of_verification,
          responsibleOrganization: orgs.get(m.responsible_organization_id) ?? null,
          startDate: m.start_date,
          dueDate: m.due_date,
          dueAt: m.due_at,
          weight: m.weight,
          status: m.status,
          overdue: m.overdue,
          submittedAt: m.submitted_at,
          reviewedAt: m.reviewed_at,
          observations: m.observations,
          evidence: (evidenceByMilestone.get(m.id) ?? []).map((e) => this.evidenceDto(e, stamps)),
        };
      });
      const indicatorDtos: PublicIndicatorDto[] = (indicatorsByCommitment.get(c.id) ?? []).map((i) => {
        stamps.add(i.updated_at);
        const ms: PublicMeasurementDto[] = (measurementsByIndicator.get(i.id) ?? []).map((x) => {
          stamps.add(x.created_at);
          return { measuredOn: x.measured_on, value: x.value, source: x.source, sourceUrl: x.source_url, note: x.note };
        });
        return {
          id: i.id,
          name: i.name,
          description: i.description,
          unit: i.unit,
          baseline: i.baseline,
          baselineDate: i.baseline_date,
          target: i.target,
          targetDate: i.target_date,
          latest: ms[ms.length - 1] ?? null,
          measurements: ms,
        };
      });
      return {
        id: c.id,
        planId: c.plan_id,
        code: c.code,
        title: c.title,
        publicProblem: c.public_problem,
        statusQuo: c.status_quo,
        description: c.description,
        howItSolves: c.how_it_solves,
        ogpValues: c.ogp_values,
        sdgs: c.sdgs,
        inequalityFocus: c.inequality_focus,
        leadAgency: c.lead_agency_id ? orgs.get(c.lead_agency_id) ?? null : null,
        coResponsibleOrganizations: (c.co_responsible_organization_ids ?? []).map((o: string) => orgs.get(o)).filter(Boolean),
        startDate: c.start_date,
        endDate: c.end_date,
        status: c.status,
        progress: computeProgress(milestoneDtos.map((m) => ({ status: m.status, weight: m.weight, overdue: m.overdue }))),
        milestones: milestoneDtos,
        indicators: indicatorDtos,
      };
    });
  }

  private evidenceDto(e: Row, stamps: LatestInstant): PublicEvidenceDto {
    stamps.add(e.created_at);
    return {
      id: e.id,
      kind: e.kind,
      description: e.description,
      url: e.kind === 'file' ? evidenceFileUrl(this.config.publicUrl, e.id) : e.url,
      fileName: e.file_name,
      contentType: e.content_type,
      sizeBytes: e.size_bytes,
      sha256: e.sha256,
      createdAt: e.created_at,
    };
  }

  /**
   * Closed rounds matching `condition` (alias r, `$1` = id). Results come from what the round
   * stored when it closed; seat choices only for public rounds, never the ballots' reasons.
   */
  private async rounds(condition: string, id: string, stamps: LatestInstant): Promise<PublicRoundDto[]> {
    const rows: Row[] = await this.sql.query(
      `SELECT r.id, r.title, r.subject_type, r.subject_id, r.secrecy, r.decision_rule, r.quorum_per_sector, r.opens_at, r.closes_at,
              r.closed_at, r.outcome, r.result, r.updated_at
         FROM voting_rounds r WHERE ${condition} AND r.status = 'closed' AND r.result IS NOT NULL ORDER BY r.closed_at, r.id`,
      [id],
    );
    const orgIds = rows.flatMap((r) => (r.secrecy === 'public' ? (r.result.seats ?? []).map((s: Row) => s.organizationId) : []));
    const orgs = await this.organizations([...new Set<string>(orgIds)], stamps);
    return rows.map((r) => {
      stamps.add(r.updated_at);
      const sectors = Object.fromEntries(
        Object.entries(r.result.sectors as Record<string, Row>).map(([sector, t]) => [
          sector,
          { seats: t.seats, voted: t.voted, approve: t.approve, reject: t.reject, abstain: t.abstain, quorum: t.quorum, position: t.position },
        ]),
      );
      const dto: PublicRoundDto = {
        id: r.id,
        title: r.title,
        subjectType: r.subject_type,
        subjectId: r.subject_id,
        secrecy: r.secrecy,
        decisionRule: r.decision_rule,
        quorumPerSector: r.quorum_per_sector,
        opensAt: r.opens_at,
        closesAt: r.closes_at,
        closedAt: r.closed_at,
        outcome: r.outcome,
        totals: r.result.totals,
        sectors,
      };
      if (r.secrecy === 'public') {
        dto.seats = (r.result.seats ?? []).map((s: Row) => ({
          sector: s.sector,
          organizationId: s.organizationId,
          organizationName: orgs.get(s.organizationId)?.name ?? null,
          choice: s.choice,
          castBy: s.castBy,
        }));
      }
      return dto;
    });
  }

  private async organizations(ids: string[], stamps: LatestInstant): Promise<Map<string, PublicOrganizationDto>> {
    if (!ids.length) return new Map();
    const rows: Row[] = await this.sql.query(`SELECT id, name, sector, kind, updated_at FROM organizations WHERE id = ANY($1::uuid[])`, [ids]);
    return new Map(
      rows.map((o) => {
        stamps.add(o.updated_at);
        return [o.id, orgRef(o)];
      }),
    );
  }

  /**
   * Every change in a secretariat appends to its audit chain, deletions included. `chain` is
   * SQL giving the secretariat id from `$1` (default: `$1` itself).
   */
  private async addLastAuditEvent(chain: string, id: string, stamps: LatestInstant) {
    const [last] = await this.sql.query(`SELECT occurred_at FROM audit_events WHERE chain_key = ${chain}::text ORDER BY seq DESC LIMIT 1`, [id]);
    stamps.add(last?.occurred_at);
  }
}

/** Where anyone downloads a public evidence file (EvidenceController, under the API prefix). */
export const evidenceFileUrl = (publicUrl: string, evidenceId: string) => `${publicUrl}/api/v1/evidence/${evidenceId}/file`;

const orgRef = (o: Row): PublicOrganizationDto => ({ id: o.id, name: o.name, sector: o.sector, kind: o.kind });

function groupBy(rows: Row[], key: string): Map<string, Row[]> {
  const map = new Map<string, Row[]>();
  for (const r of rows) {
    const list = map.get(r[key]);
    if (list) list.push(r);
    else map.set(r[key], [r]);
  }
  return map;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** A plan's progress: means over its commitments not withdrawn, and their completion levels. */
function summarize(commitments: { status: string; progress: Pick<CommitmentProgress, 'verifiedProgress' | 'selfReportedProgress'> & { completion: string } }[]): PlanProgressDto {
  const live = commitments.filter((c) => c.status !== 'withdrawn');
  const byCompletion = Object.fromEntries(IRM_COMPLETION.map((level) => [level, live.filter((c) => c.progress.completion === level).length]));
  const mean = (f: (p: Pick<CommitmentProgress, 'verifiedProgress' | 'selfReportedProgress'>) => number) => (live.length ? round1(live.reduce((s, c) => s + f(c.progress), 0) / live.length) : 0);
  return {
    commitments: commitments.length,
    verifiedProgress: mean((p) => p.verifiedProgress),
    selfReportedProgress: mean((p) => p.selfReportedProgress),
    byCompletion,
    withdrawn: commitments.length - live.length,
  };
}
