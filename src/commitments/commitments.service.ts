import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { notFound } from '../common/errors/domain-error';
import { Commitment } from './commitment.entity';

/**
 * What a commitment needs from an accepted proposal (its OGP template fields). The voting
 * close passes the proposal itself or a mapped copy.
 */
export interface ProposalLike {
  id: string;
  planId: string;
  title: string;
  publicProblem?: string | null;
  statusQuo?: string | null;
  description?: string | null;
  howItSolves?: string | null;
  ogpValues?: string[] | null;
  sdgs?: number[] | null;
  inequalityFocus?: string[] | null;
  leadAgencyId?: string | null;
  coResponsibleOrganizationIds?: string[] | null;
}

@Injectable()
export class CommitmentsService {
  constructor(private readonly audit: AuditService) {}

  /**
   * Creates the commitment of an accepted proposal inside the caller's transaction (the
   * voting round close), so the commitment exists if and only if the close commits.
   * Idempotent per proposal (a repeated close returns the existing commitment). Codes are
   * numbered under a per-plan advisory lock, so two closes never take the same number; the
   * unique (plan, code) index backs that up. Dates default to the plan's whole period.
   */
  async createFromProposal(tx: EntityManager, proposal: ProposalLike, actorId: string | null = null): Promise<Commitment> {
    const repo = tx.getRepository(Commitment);
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`commitment-code:${proposal.planId}`]);
    const existing = await repo.findOneBy({ proposalId: proposal.id });
    if (existing) return existing;

    const [plan] = await tx.query(
      `SELECT p.secretariat_id, p.period_start, p.period_end, st.abbreviation
         FROM action_plans p
         JOIN secretariats s ON s.id = p.secretariat_id
         JOIN states st ON st.id = s.state_id
        WHERE p.id = $1`,
      [proposal.planId],
    );
    if (!plan) throw notFound('El plan de acción');
    const [{ next }] = await tx.query('SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM commitments WHERE plan_id = $1', [proposal.planId]);
    const seq = Number(next);

    const commitment = await repo.save(
      repo.create({
        planId: proposal.planId,
        secretariatId: plan.secretariat_id,
        proposalId: proposal.id,
        seq,
        code: commitmentCode(plan.abbreviation, plan.period_start, seq),
        title: proposal.title,
        publicProblem: proposal.publicProblem ?? '',
        statusQuo: proposal.statusQuo ?? '',
        description: proposal.description ?? '',
        howItSolves: proposal.howItSolves ?? '',
        ogpValues: proposal.ogpValues ?? [],
        sdgs: proposal.sdgs ?? [],
        inequalityFocus: proposal.inequalityFocus ?? [],
        leadAgencyId: proposal.leadAgencyId ?? null,
        coResponsibleOrganizationIds: proposal.coResponsibleOrganizationIds ?? [],
        startDate: `${plan.period_start}-01-01`,
        endDate: `${plan.period_end}-12-31`,
        status: 'not_started',
      }),
    );
    await this.audit.record(tx, {
      secretariatId: commitment.secretariatId,
      actorId,
      subjectType: 'commitment',
      subjectId: commitment.id,
      action: 'commitment.created',
      data: { planId: commitment.planId, proposalId: proposal.id, code: commitment.code },
    });
    return commitment;
  }
}

/** `JAL-2019-03`: state abbreviation, first year of the plan, two-digit (or more) sequence. */
export function commitmentCode(stateAbbreviation: string, year: number, seq: number): string {
  return `${stateAbbreviation.toUpperCase()}-${year}-${String(seq).padStart(2, '0')}`;
}
