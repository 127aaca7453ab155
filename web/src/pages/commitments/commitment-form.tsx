// The commitment's editable fields as one form draft: read from the commitment, written back
// as the API takes them (PATCH /commitments/:id, or a modification request's `changes`).
import { Field } from '../../components/ui';
import type { MemberCommitment } from '../indicators/commitment-context';
import type { TemplateDraft } from '../proposals/ProposalForm';
import type { Organization } from '../proposals/proposal-common';
import { COMMITMENT_FIELD_LABEL } from './commitment-common';

export type CommitmentDraft = TemplateDraft & { startDate: string; endDate: string };

/** The commitment's current values in the form's shape (organizations by name). */
export function draftOf(c: MemberCommitment, orgs: Map<string, Organization>): CommitmentDraft {
  return {
    title: c.title,
    publicProblem: c.publicProblem,
    statusQuo: c.statusQuo,
    description: c.description,
    howItSolves: c.howItSolves,
    ogpValues: c.ogpValues,
    sdgs: c.sdgs,
    inequalityFocus: c.inequalityFocus,
    lead: c.leadAgencyId ? orgs.get(c.leadAgencyId) ?? null : null,
    coResponsible: c.coResponsibleOrganizationIds.map((x) => orgs.get(x)).filter((o): o is Organization => Boolean(o)),
    startDate: c.startDate,
    endDate: c.endDate,
  };
}

/** The fields of a draft as the API takes them (PATCH /commitments/:id, or a modification's `changes`). */
export function bodyOf(d: CommitmentDraft) {
  return {
    title: d.title,
    publicProblem: d.publicProblem,
    statusQuo: d.statusQuo,
    description: d.description,
    howItSolves: d.howItSolves,
    ogpValues: d.ogpValues as ('access_to_information' | 'civic_participation' | 'public_accountability' | 'technology_innovation')[],
    sdgs: [...d.sdgs].sort((a, b) => a - b),
    inequalityFocus: d.inequalityFocus as ('gender' | 'indigenous_peoples' | 'disability' | 'rural' | 'youth' | 'other')[],
    ...(d.lead ? { leadAgencyId: d.lead.id } : {}),
    coResponsibleOrganizationIds: d.coResponsible.map((o) => o.id),
    startDate: d.startDate,
    endDate: d.endDate,
  };
}

/** The dates of a commitment, inside its plan's period (the API checks them). */
export function DateFields({ draft, onChange, errors, period }: { draft: CommitmentDraft; onChange: (update: (d: CommitmentDraft) => CommitmentDraft) => void; errors: Record<string, string>; period?: string }) {
  const hint = period ? `Dentro del periodo del plan (${period}).` : undefined;
  return (
    <>
      <Field name="startDate" type="date" label={COMMITMENT_FIELD_LABEL.startDate} hint={hint} value={draft.startDate} onChange={(v) => onChange((d) => ({ ...d, startDate: v }))} error={errors.startDate} required />
      <Field name="endDate" type="date" label={COMMITMENT_FIELD_LABEL.endDate} hint={hint} value={draft.endDate} onChange={(v) => onChange((d) => ({ ...d, endDate: v }))} error={errors.endDate} required />
    </>
  );
}

