import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { ClosedRound, RoundSubjectHandler } from '../voting/round-subjects';
import { CommitmentsService, ProposalLike } from './commitments.service';

/** An approved proposal becomes a commitment, in the transaction that closes its round. */
@Injectable()
export class CommitmentRounds implements RoundSubjectHandler {
  constructor(private readonly commitments: CommitmentsService) {}

  async closed(tx: EntityManager, { round, outcome }: ClosedRound) {
    if (outcome !== 'approved') return;
    // The proposal's template fields, read (not written) from its capability's table.
    const [p] = await tx.query(
      `SELECT id, plan_id AS "planId", title, public_problem AS "publicProblem", status_quo AS "statusQuo", description, how_it_solves AS "howItSolves",
              ogp_values AS "ogpValues", sdgs, inequality_focus AS "inequalityFocus", lead_agency_id AS "leadAgencyId",
              co_responsible_organization_ids AS "coResponsibleOrganizationIds"
         FROM proposals WHERE id = $1`,
      [round.subjectId],
    );
    await this.commitments.createFromProposal(tx, p as ProposalLike, null);
  }
}
