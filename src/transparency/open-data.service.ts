import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { irmCompletion } from '../commitments/progress';
import { AppConfig } from '../config/app-config';
import { PUBLISHED_PLAN_STAGES } from '../plans/plan-stages';
import { CommitmentsOpenDataQuery, MilestonesOpenDataQuery } from './dto/open-data.dto';
import { COMMITMENT_COLUMNS, MILESTONE_COLUMNS, OpenDataColumn } from './open-data.columns';
import { evidenceFileUrl } from './public.service';

type Row = Record<string, any>;

/** Rows per query: the export holds one batch in memory at a time. */
export const OPEN_DATA_BATCH = 500;

interface Dataset {
  columns: readonly OpenDataColumn[];
  /** SELECT … FROM … WHERE with the filters; `$1` = published stages. */
  select: string;
  params: unknown[];
  /** Keyset: the ORDER BY expressions and the aliases under which the row carries them. */
  order: { expr: string; key: string; cast: string }[];
  shape: (row: Row) => Row;
}

/**
 * Open data (DESIGN §6): commitments and milestones of published plans as flat records.
 * Rows are read in keyset batches (no OFFSET, no long transaction: the embedded database is
 * one session) and handed out one by one, so an export of the whole country streams with
 * memory bounded by one batch. Consecutive batches are separate statements: a row changed
 * while an export runs may appear in its old or new form, never twice.
 */
@Injectable()
export class OpenDataService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  commitments(q: CommitmentsOpenDataQuery): Promise<AsyncGenerator<Row>> {
    const params: unknown[] = [[...PUBLISHED_PLAN_STAGES]];
    const where = this.filters(q, params);
    if (q.status) where.push(`c.status = $${params.push(q.status)}`);
    return this.stream({
      columns: COMMITMENT_COLUMNS,
      select: `
        SELECT c.id AS commitment_id, c.code, c.title, st.code AS state_code, st.name AS state_name,
               s.id AS secretariat_id, s.name AS secretariat_name, p.id AS plan_id, p.title AS plan_title,
               p.period_start AS plan_period_start, p.period_end AS plan_period_end, p.stage AS plan_stage, c.status,
               m.verified::int AS verified_progress, m.self_reported::int AS self_reported_progress,
               m.total::int AS milestones, m.approved::int AS milestones_approved, m.overdue::int AS milestones_overdue,
               c.start_date::text AS start_date, c.end_date::text AS end_date, lead.name AS lead_agency,
               ARRAY(SELECT o.name FROM organizations o WHERE o.id = ANY(c.co_responsible_organization_ids) ORDER BY o.name) AS co_responsible_organizations,
               c.ogp_values, c.sdgs, c.inequality_focus, c.public_problem, c.description, c.updated_at,
               p.period_start AS k_period, c.seq AS k_seq
          FROM commitments c
          JOIN action_plans p ON p.id = c.plan_id
          JOIN secretariats s ON s.id = c.secretariat_id
          JOIN states st ON st.code = s.state_code
          LEFT JOIN organizations lead ON lead.id = c.lead_agency_id
          CROSS JOIN LATERAL (
            SELECT coalesce(sum(weight) FILTER (WHERE status = 'approved'), 0) AS verified,
                   coalesce(sum(weight) FILTER (WHERE status IN ('approved', 'submitted')), 0) AS self_reported,
                   count(*) AS total,
                   count(*) FILTER (WHERE status = 'approved') AS approved,
                   count(*) FILTER (WHERE status <> 'approved' AND due_at < now()) AS overdue
              FROM milestones WHERE commitment_id = c.id) m
         WHERE ${where.join(' AND ')}`,
      params,
      order: [
        { expr: 'st.code', key: 'state_code', cast: 'text' },
        { expr: 'p.period_start', key: 'k_period', cast: 'int' },
        { expr: 'p.id', key: 'plan_id', cast: 'uuid' },
        { expr: 'c.seq', key: 'k_seq', cast: 'int' },
        { expr: 'c.id', key: 'commitment_id', cast: 'uuid' },
      ],
      // Same thresholds as the portal and the dashboard (progress.ts).
      shape: (r) => ({ ...r, completion: irmCompletion(r.verified_progress) }),
    });
  }

  milestones(q: MilestonesOpenDataQuery): Promise<AsyncGenerator<Row>> {
    const params: unknown[] = [[...PUBLISHED_PLAN_STAGES]];
    const where = this.filters(q, params);
    if (q.status === 'overdue') where.push(`m.status <> 'approved' AND m.due_at < now()`);
    else if (q.status) where.push(`m.status = $${params.push(q.status)}`);
    return this.stream({
      columns: MILESTONE_COLUMNS,
      select: `
        SELECT m.id AS milestone_id, c.id AS commitment_id, c.code AS commitment_code, st.code AS state_code, st.name AS state_name,
               p.id AS plan_id, p.title AS plan_title, m.position, m.title, m.deliverable, m.means_of_verification,
               o.name AS responsible_organization, m.start_date::text AS start_date, m.due_date::text AS due_date, m.due_at,
               m.weight, m.status, (m.status <> 'approved' AND m.due_at < now()) AS overdue, m.submitted_at, m.reviewed_at,
               (SELECT coalesce(json_agg(json_build_object('id', e.id, 'kind', e.kind, 'url', e.url) ORDER BY e.created_at, e.id), '[]')
                  FROM evidence e WHERE e.milestone_id = m.id AND e.public AND e.superseded_by_id IS NULL) AS evidence,
               m.updated_at, p.period_start AS k_period, c.seq AS k_seq
          FROM milestones m
          JOIN commitments c ON c.id = m.commitment_id
          JOIN action_plans p ON p.id = c.plan_id
          JOIN secretariats s ON s.id = c.secretariat_id
          JOIN states st ON st.code = s.state_code
          LEFT JOIN organizations o ON o.id = m.responsible_organization_id
         WHERE ${where.join(' AND ')}`,
      params,
      order: [
        { expr: 'st.code', key: 'state_code', cast: 'text' },
        { expr: 'p.period_start', key: 'k_period', cast: 'int' },
        { expr: 'p.id', key: 'plan_id', cast: 'uuid' },
        { expr: 'c.seq', key: 'k_seq', cast: 'int' },
        { expr: 'm.position', key: 'position', cast: 'int' },
        { expr: 'm.id', key: 'milestone_id', cast: 'uuid' },
      ],
      shape: (r) => ({
        ...r,
        evidence_urls: (r.evidence as { id: string; kind: string; url: string | null }[])
          .map((e) => (e.kind === 'file' ? evidenceFileUrl(this.config.publicUrl, e.id) : e.url))
          .filter((u): u is string => !!u),
      }),
    });
  }

  /** Filters shared by both datasets (`$1` is taken by the published stages). */
  private filters(q: { state?: string; plan?: string }, params: unknown[]): string[] {
    const where = ['p.stage = ANY($1)'];
    if (q.state) {
      const i = params.push(q.state.toUpperCase());
      where.push(`(st.code = $${i} OR upper(st.abbreviation) = $${i})`);
    }
    if (q.plan) where.push(`p.id = $${params.push(q.plan)}`);
    return where;
  }

  /**
   * The first batch is read before returning, so a failing query still becomes an error
   * response; later batches are read as the consumer pulls (backpressure from the socket).
   */
  private async stream(d: Dataset): Promise<AsyncGenerator<Row>> {
    const orderBy = d.order.map((o) => o.expr).join(', ');
    const fetch = (after: Row | null): Promise<Row[]> => {
      const params = [...d.params];
      let sql = d.select;
      if (after) {
        const placeholders = d.order.map((o) => `$${params.push(after[o.key])}::${o.cast}`);
        sql += ` AND (${orderBy}) > (${placeholders.join(', ')})`;
      }
      return this.db.query(`${sql} ORDER BY ${orderBy} LIMIT ${OPEN_DATA_BATCH}`, params);
    };
    const first = await fetch(null);
    const shape = (r: Row) => {
      const shaped = d.shape(r);
      return Object.fromEntries(d.columns.map((c) => [c.name, shaped[c.name] ?? null]));
    };
    return (async function* () {
      let batch = first;
      for (;;) {
        for (const row of batch) yield shape(row);
        if (batch.length < OPEN_DATA_BATCH) return;
        batch = await fetch(batch[batch.length - 1]);
      }
    })();
  }
}
