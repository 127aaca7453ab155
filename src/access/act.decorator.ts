import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension, ApiProperty } from '@nestjs/swagger';
import { AccountAction, Action, offeredOn } from './actions';
import type { SubjectKind } from './subjects';

export const ACTION_KEY = 'cocrea:action';

/**
 * The action of the table a route performs. Documented in the OpenAPI as `x-action`, so a
 * test checks that every documented route maps to exactly one action (or is public).
 */
export const Act = (action: Action | AccountAction) => applyDecorators(SetMetadata(ACTION_KEY, action), ApiExtension('x-action', action));

const ENUM_NAMES: Record<SubjectKind, string> = {
  secretariat: 'SecretariatAction', plan: 'PlanAction', proposal: 'ProposalAction', comment: 'CommentAction', voting_round: 'VotingRoundAction',
  commitment: 'CommitmentAction', milestone: 'MilestoneAction', evidence: 'EvidenceAction', indicator: 'IndicatorAction',
  progress_report: 'ProgressReportAction', modification_request: 'ModificationRequestAction', membership: 'MembershipAction',
};

/** The `actions` property of a detail response: the enum of what may be offered on that kind of subject. */
export const ApiActions = (kind: SubjectKind) =>
  ApiProperty({
    isArray: true,
    enum: offeredOn(kind),
    enumName: ENUM_NAMES[kind],
    description: 'What you may do on this object now (from the access table; show buttons from this, never re-derive it).',
  });
