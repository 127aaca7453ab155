import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { irmCompletion } from '../commitments/progress';
import { AppConfig } from '../config/app-config';
import { PUBLISHED_PLAN_STAGES } from '../plans/plan-stages';
import { CommitmentsOpenDataQuery, MilestonesOpenDataQuery } from './dto/open-data.dto';
import { COMMITMENT_COLUMNS, MILESTONE_COLUMNS, OpenDataColumn } from './open-data.columns';
import { evidenceFileUrl } from './public.service';
import { stateCodeOf } from './state-filter';

type Row = Record<string, any>;

/**
 * Commitments per statement. The milestone export reads the milestones of `milestones`
 * commitments at a time: about ten each (weights of at least 1 sum to 100, so never over 100).
 * Much larger commitment batches would also cross PostgreSQL's JIT cost threshold, which
 * costs more than it saves here.
 */
export interface OpenDataBatch {
  commitments: number;
  milestones: number;
}
export const OPEN_DATA_BATCH: OpenDataBatch = { commitments: 500, milestones: 100 };

/** A published plan matching the filters, with its number of commitments when listed. */
interface Plan {
  id: string;
  n: number;
}

/**
 * Open data (DESIGN §6): commitments and milestones of published plans as flat records, in
 * the order state, plan (first year, id), commitment (seq), milestone (position, id).
 *
 * An export walks the matching plans in that order (one small query; plans are few), then
 * their commitments a batch at a time, and reads each batch's records by commitment id, so
 * every statement costs in proportion to its batch (no index serves the whole order, so a
 * keyset over the full join re-sorted the dataset for every batch). Batches are separate
 * statements (no cursor, no long transaction: the embedded database is one session) and are
 * handed out one at a time, so memory stays bounded by two batches (one read ahead). A row
 * changed while an export runs may appear in its old or new form, never twice.
 */
@Injectable()
export class OpenDataService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  commitments(q: CommitmentsOpenDataQuery, batch = OPEN_DATA_BATCH.commitments): Promise<AsyncGenerator<Row[]>> {
    const status = q.status ?? null;
    // The status is checked again here: a commitment may have changed since its batch was listed.
    // Co-responsible organizations: one primary-key lookup per listed id (`o.id = ANY(array)`
    // made the planner scan every organization for every commitment).
    return this.stream(q, status, batch, COMMITMENT_COLUMNS, (ids) =>
      this.db.query(
        `SELECT c.id AS commitment_id, c.code, c.title, st.code AS state_code, st.name AS state_name,
                s.id AS secretariat_id, s.name AS secretariat_name, p.id AS plan_id, p.title AS plan_title,
                p.period_start AS plan_period_start, p.period_end AS plan_period_end, p.stage AS plan_stage, c.status,
                m.verified::int AS verified_progress, m.self_reported::int AS self_reported_progress,
                m.total::int AS milestones, m.approved::int AS milestones_approved, m.overdue::int AS milestones_overdue,
                c.start_date::text AS start_date, c.end_date::text AS end_date, lead.name AS lead_agency,
                array_remove(ARRAY(SELECT (SELECT o.name FROM organizations o WHERE o.id = u.id) AS name
                                     FROM (SELECT DISTINCT unnest(c.co_responsible_organization_ids)) u(id) ORDER BY name), NULL) AS co_responsible_organizations,
                c.ogp_values, c.sdgs, c.inequality_focus, c.public_problem, c.description, c.updated_at
           FROM unnest($1::uuid[]) WITH ORDINALITY AS b(id, ord)
           JOIN commitments c ON c.id = b.id
           JOIN action_plans p ON p.id = c.plan_id
           JOIN secretariats s ON s.id = c.secretariat_id
           JOIN states st ON st.code = s.state_code
           LEFT JOIN organizations lead ON lead.id = c.lead_agency_id
           CROSS JOIN LATERAL (
             SELECT coalesce(sum(weight) FILTER (WHERE status = 'approved'), 0) AS verified,
                    coalesce(sum(weight) FILTER (WHERE status IN ('approved', 'submitted')), 0) AS self_reported,
                    count(*) AS total,
                    count(*) FILTER (WHERE status = 'approved') AS approved,
                    count(*) FILTER (WHERE milestone_overdue(status, due_at)) AS overdue
               FROM milestones WHERE commitment_id = c.id) m
          WHERE $2::text IS NULL OR c.status = $2
          ORDER BY b.ord`,
        [ids, status],
      ),
      // Same thresholds as the portal and the dashboard (progress.ts).
      (r) => {
        r.completion = irmCompletion(r.verified_progress);
      },
    );
  }

  milestones(q: MilestonesOpenDataQuery, batch = OPEN_DATA_BATCH.milestones): Promise<AsyncGenerator<Row[]>> {
    const status = q.status && q.status !== 'overdue' ? q.status : null;
    const overdue = q.status === 'overdue' ? `AND milestone_overdue(m.status, m.due_at)` : '';
    return this.stream(q, null, batch, MILESTONE_COLUMNS, (ids) =>
      this.db.query(
        `SELECT m.id AS milestone_id, c.id AS commitment_id, c.code AS commitment_code, st.code AS state_code, st.name AS state_name,
                p.id AS plan_id, p.title AS plan_title, m.position, m.title, m.deliverable, m.means_of_verification,
                o.name AS responsible_organization, m.start_date::text AS start_date, m.due_date::text AS due_date, m.due_at,
                m.weight, m.status, milestone_overdue(m.status, m.due_at) AS overdue, m.submitted_at, m.reviewed_at,
                (SELECT coalesce(json_agg(json_build_object('id', e.id, 'kind', e.kind, 'url', e.url) ORDER BY e.created_at, e.id), '[]')
                   FROM evidence e WHERE e.milestone_id = m.id AND e.public AND e.superseded_by_id IS NULL) AS evidence,
                m.updated_at
           FROM unnest($1::uuid[]) WITH ORDINALITY AS b(id, ord)
           JOIN commitments c ON c.id = b.id
           JOIN milestones m ON m.commitment_id = c.id
           JOIN action_plans p ON p.id = c.plan_id
           JOIN secretariats s ON s.id = c.secretariat_id
           JOIN states st ON st.code = s.state_code
           LEFT JOIN organizations o ON o.id = m.responsible_organization_id
          WHERE ($2::text IS NULL OR m.status = $2) ${overdue}
          ORDER BY b.ord, m.position, m.id`,
        [ids, status],
      ),
      (r) => {
        r.evidence_urls = (r.evidence as { id: string; kind: string; url: string | null }[])
          .map((e) => (e.kind === 'file' ? evidenceFileUrl(this.config.publicUrl, e.id) : e.url))
          .filter((u): u is string => !!u);
      },
    );
  }

  /**
   * The published plans matching the state and plan filters, in export order, with their
   * commitments counted (those in `status` when given); plans without any are left out. A
   * commitment belongs to its plan's secretariat, so the state is the plan's.
   */
  private async plans(q: { state?: string; plan?: string }, status: string | null): Promise<Plan[]> {
    const params: unknown[] = [[...PUBLISHED_PLAN_STAGES]];
    const where = ['p.stage = ANY($1)'];
    if (q.state) where.push(`st.code = $${params.push(await stateCodeOf(this.db, q.state))}`);
    if (q.plan) where.push(`p.id = $${params.push(q.plan)}`);
    const counted = status ? `c.plan_id = p.id AND c.status = $${params.push(status)}` : 'c.plan_id = p.id';
    const plans: Plan[] = await this.db.query(
      `SELECT p.id, (SELECT count(*) FROM commitments c WHERE ${counted})::int AS n
         FROM action_plans p
         JOIN secretariats s ON s.id = p.secretariat_id
         JOIN states st ON st.code = s.state_code
        WHERE ${where.join(' AND ')}
        ORDER BY st.code, p.period_start, p.id`,
      params,
    );
    return plans.filter((p) => p.n > 0);
  }

  /**
   * Ids of the plans' commitments (those in `status` when given) in export order, `size` at
   * a time. Each statement reads a window of consecutive plans whose commitments fit in one
   * batch (at least one plan) through `UQ_commitments_plan_code` (plan_id, code), sorted and
   * keyset-paged by (plan, seq, id): plans of a few dozen commitments share a statement rather
   * than one statement per plan, and a plan larger than a batch is paged within itself (its
   * commitments re-sorted per page; no index has seq). The counts only size the windows: a
   * window is read until it runs out.
   */
  private async *commitmentIds(plans: Plan[], status: string | null, size: number): AsyncGenerator<string[]> {
    let i = 0;
    let after: { seq: number; id: string } | null = null;
    while (i < plans.length) {
      let j = i + 1;
      for (let n = plans[i].n; j < plans.length && n + plans[j].n <= size; j++) n += plans[j].n;
      const params: unknown[] = [plans.slice(i, j).map((p) => p.id), size];
      const where = ['true'];
      if (status) where.push(`c.status = $${params.push(status)}`);
      if (after) where.push(`(w.ord, c.seq, c.id) > (1, $${params.push(after.seq)}, $${params.push(after.id)}::uuid)`);
      const rows: { id: string; ord: string; seq: number }[] = await this.db.query(
        `SELECT c.id, w.ord, c.seq
           FROM unnest($1::uuid[]) WITH ORDINALITY AS w(plan_id, ord)
           JOIN commitments c ON c.plan_id = w.plan_id
          WHERE ${where.join(' AND ')}
          ORDER BY w.ord, c.seq, c.id
          LIMIT $2`,
        params,
      );
      if (rows.length < size) {
        i = j;
        after = null;
      } else {
        const last = rows[rows.length - 1];
        i += Number(last.ord) - 1;
        after = last;
      }
      if (rows.length) yield rows.map((r) => r.id);
    }
  }

  /**
   * Batches of records with exactly `columns`. The plans and the first batch are read before
   * returning, so a failing query still becomes an error response. Later batches are read as
   * the consumer pulls (backpressure from the socket), one ahead, so the database works on
   * the next batch while this one is written: at most two batches are held.
   */
  private async stream(
    q: { state?: string; plan?: string },
    commitmentStatus: string | null,
    size: number,
    columns: readonly OpenDataColumn[],
    read: (commitmentIds: string[]) => Promise<Row[]>,
    /** Adds the computed columns to a row. */
    complete: (row: Row) => void,
  ): Promise<AsyncGenerator<Row[]>> {
    const ids = this.commitmentIds(await this.plans(q, commitmentStatus), commitmentStatus, size);
    const next = async (): Promise<Row[] | null> => {
      const batch = await ids.next();
      if (batch.done) return null;
      return (await read(batch.value)).map((r) => {
        complete(r);
        const record: Row = {};
        for (const c of columns) record[c.name] = r[c.name] ?? null;
        return record;
      });
    };
    const first = await next();
    return (async function* () {
      for (let batch = first; batch; ) {
        const following = next();
        // Awaited below, unless the consumer stops first (client gone): then nobody will.
        following.catch(() => undefined);
        yield batch;
        batch = await following;
      }
    })();
  }
}
