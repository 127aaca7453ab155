import { AuditEvent } from '../audit/audit-event.entity';
import { PasswordResetToken } from '../auth/password-reset-token.entity';
import { RefreshToken } from '../auth/refresh-token.entity';
import { Organization } from '../catalog/organization.entity';
import { State } from '../catalog/state.entity';
import { Commitment } from '../commitments/commitment.entity';
import { Evidence } from '../commitments/evidence.entity';
import { Indicator } from '../commitments/indicator.entity';
import { IndicatorMeasurement } from '../commitments/indicator-measurement.entity';
import { IrmAssessment } from '../commitments/irm-assessment.entity';
import { Milestone } from '../commitments/milestone.entity';
import { MilestoneReview } from '../commitments/milestone-review.entity';
import { ModificationRequest } from '../commitments/modification-request.entity';
import { ProgressReport } from '../commitments/progress-report.entity';
import { ProgressReportComment } from '../commitments/progress-report-comment.entity';
import { ActionPlan } from '../plans/action-plan.entity';
import { PlanStageChange } from '../plans/plan-stage-change.entity';
import { Proposal } from '../proposals/proposal.entity';
import { ProposalComment } from '../proposals/proposal-comment.entity';
import { ProposalRevision } from '../proposals/proposal-revision.entity';
import { EmailDelivery } from '../reminders/email-delivery.entity';
import { Notification } from '../reminders/notification.entity';
import { NotificationPreference } from '../reminders/notification-preference.entity';
import { ScheduledReminder } from '../reminders/scheduled-reminder.entity';
import { Invitation } from '../secretariats/invitation.entity';
import { Membership } from '../secretariats/membership.entity';
import { Seat } from '../secretariats/seat.entity';
import { Secretariat } from '../secretariats/secretariat.entity';
import { SecretariatTransition } from '../secretariats/secretariat-transition.entity';
import { User } from '../users/user.entity';
import { Ballot } from '../voting/ballot.entity';
import { VotingRound } from '../voting/voting-round.entity';

/**
 * Every entity, listed once: the app and the TypeORM CLI load exactly these (no globbing,
 * so the same list works from ts in Jest and from js in dist).
 */
export const ENTITIES = [
  User, RefreshToken, PasswordResetToken, AuditEvent,
  State, Organization, Secretariat, SecretariatTransition, Seat, Membership, Invitation,
  ActionPlan, PlanStageChange, Proposal, ProposalRevision, ProposalComment, VotingRound, Ballot,
  Commitment, Milestone, MilestoneReview, Evidence, Indicator, IndicatorMeasurement, IrmAssessment, ModificationRequest, ProgressReport, ProgressReportComment,
  ScheduledReminder, Notification, NotificationPreference, EmailDelivery];
