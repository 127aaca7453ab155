import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PUBLISHED_PLAN_STAGES } from '../plans/plan-stages';
import { SecretariatStatus } from '../secretariats/secretariat-status';
import { NationalDashboardDto, StateDashboardDto } from './dto/dashboard.dto';

type Row = Record<string, any>;

/** A secretariat counts as installed from its acta de instalación on, also while suspended. */
export const INSTALLED_STATUSES: readonly SecretariatStatus[] = ['installed', 'active', 'suspended'];

const SECTOR_KEYS = { civil_society: 'civilSociety', government: 'authorities', guarantor: 'guarantorBodies' } as const;

/**
 * The national dashboard (DESIGN §6): the "Resultados" figures of the 2019 summit computed
 * live, and progress per state. Four aggregate queries whatever the number of states,
 * plans or milestones (no N+1); they read secretariats, seats, plans and commitments once
 * each, and milestones once through the covering IDX_milestones_commitment_progress.
 */
@Injectable()
export class DashboardService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async national(): Promise<NationalDashboardDto> {
    const published = [...PUBLISHED_PLAN_STAGES];
    const [secretariats, organizations, plans, commitments]: Row[][] = await Promise.all([
      this.db.query(
        `SELECT st.code, st.name AS state_name, st.abbreviation, s.id, s.name, s.municipality, s.status
           FROM states st LEFT JOIN secretariats s ON s.state_code = st.code AND s.status <> 'dissolved'
          ORDER BY st.code, s.municipality NULLS FIRST, s.created_at, s.id`,
      ),
      // Distinct organizations per state and sector, and nationally (an organization may sit in several secretariats).
      this.db.query(
        `SELECT s.state_code, se.sector, count(DISTINCT se.organization_id)::int AS n
           FROM seats se JOIN secretariats s ON s.id = se.secretariat_id
          WHERE se.active AND s.status <> 'dissolved'
          GROUP BY GROUPING SETS ((s.state_code, se.sector), (se.sector))`,
      ),
      this.db.query(
        `SELECT s.state_code, count(*)::int AS n
           FROM action_plans p JOIN secretariats s ON s.id = p.secretariat_id
          WHERE p.stage = ANY($1) GROUP BY s.state_code`,
        [published],
      ),
      // Milestones are folded per commitment first, in one pass in commitment order over the
      // covering IDX_milestones_commitment_progress (index-only scan, no hash table, no sort),
      // then joined to the commitments of published plans. Joining every milestone to its
      // commitment before grouping cost a hash or an on-disk sort of all milestones.
      // Overdue and the IRM completion thresholds: the SQL functions of the RuleFunctions migration.
      this.db.query(
        `WITH m AS (
           SELECT commitment_id,
                  sum(weight) FILTER (WHERE status = 'approved') AS verified,
                  count(*) AS milestones,
                  count(*) FILTER (WHERE status = 'approved') AS approved,
                  count(*) FILTER (WHERE milestone_overdue(status, due_at)) AS overdue
             FROM milestones GROUP BY commitment_id),
         c AS (
           SELECT s.state_code, c.status, coalesce(m.verified, 0) AS verified,
                  coalesce(m.milestones, 0) AS milestones, coalesce(m.approved, 0) AS approved, coalesce(m.overdue, 0) AS overdue
             FROM commitments c
             JOIN action_plans p ON p.id = c.plan_id
             JOIN secretariats s ON s.id = c.secretariat_id
             LEFT JOIN m ON m.commitment_id = c.id
            WHERE p.stage = ANY($1))
         SELECT state_code,
                count(*)::int AS total,
                count(*) FILTER (WHERE status = 'withdrawn')::int AS withdrawn,
                count(*) FILTER (WHERE status <> 'withdrawn' AND irm_completion(verified) = 'not_started')::int AS not_started,
                count(*) FILTER (WHERE status <> 'withdrawn' AND irm_completion(verified) = 'limited')::int AS limited,
                count(*) FILTER (WHERE status <> 'withdrawn' AND irm_completion(verified) = 'substantial')::int AS substantial,
                count(*) FILTER (WHERE status <> 'withdrawn' AND irm_completion(verified) = 'complete')::int AS complete,
                sum(milestones)::int AS milestones, sum(approved)::int AS approved, sum(overdue)::int AS overdue
           FROM c GROUP BY state_code`,
        [published],
      ),
    ]);

    const states = new Map<string, StateDashboardDto>();
    for (const r of secretariats) {
      let state = states.get(r.code);
      if (!state) {
        state = {
          code: r.code,
          name: r.state_name,
          abbreviation: r.abbreviation,
          participating: false,
          secretariatStatus: null,
          secretariats: [],
          actionPlans: 0,
          commitments: { total: 0, byCompletion: { not_started: 0, limited: 0, substantial: 0, complete: 0 }, withdrawn: 0 },
          milestones: { total: 0, approved: 0, overdue: 0 },
          organizations: { civilSociety: 0, authorities: 0, guarantorBodies: 0 },
        };
        states.set(r.code, state);
      }
      if (!r.id) continue;
      state.participating = true;
      if (r.municipality === null) state.secretariatStatus = r.status;
      state.secretariats.push({ id: r.id, name: r.name, municipality: r.municipality, status: r.status });
    }

    const totals = {
      statesParticipating: [...states.values()].filter((s) => s.participating).length,
      secretariatsInstalled: secretariats.filter((r) => r.id && INSTALLED_STATUSES.includes(r.status)).length,
      actionPlans: 0,
      commitments: 0,
      civilSocietyOrganizations: 0,
      authorities: 0,
      guarantorBodies: 0,
    };
    for (const r of organizations) {
      const key = SECTOR_KEYS[r.sector as keyof typeof SECTOR_KEYS];
      if (!key) continue;
      if (r.state_code === null) {
        totals[key === 'civilSociety' ? 'civilSocietyOrganizations' : key] = r.n;
      } else {
        const state = states.get(r.state_code);
        if (state) state.organizations[key] = r.n;
      }
    }
    for (const r of plans) {
      const state = states.get(r.state_code);
      if (state) state.actionPlans = r.n;
      totals.actionPlans += r.n;
    }
    for (const r of commitments) {
      const state = states.get(r.state_code);
      if (state) {
        state.commitments = {
          total: r.total,
          byCompletion: { not_started: r.not_started, limited: r.limited, substantial: r.substantial, complete: r.complete },
          withdrawn: r.withdrawn,
        };
        state.milestones = { total: r.milestones, approved: r.approved, overdue: r.overdue };
      }
      totals.commitments += r.total;
    }
    return { totals, states: [...states.values()] };
  }
}
