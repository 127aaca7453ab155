import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Action, can, EXECUTION_STAGES, SecretariatContext, STATUS_RULES } from '../access/actions';
import { SUBJECTS } from '../access/subjects';
import type { MemberContext } from '../access/viewer';
import type { AuthUser } from '../common/decorators/current-user.decorator';
import { decodeCursor, encodeCursor, PageQuery } from '../common/pagination';
import { webPaths } from '../common/web-paths';
import { effectiveRules, SecretariatRules } from '../secretariats/rules';
import { MyTasksDto, TaskDto, TaskKind, TaskSubjectType } from './dto/tasks.dto';

/** Sorts after every real deadline in the cursor (tasks without one come last). */
const NO_DEADLINE = '1970-01-01T00:00:00.000Z';

/**
 * What makes each kind a task: at least one of these actions of the access table passes for
 * the caller on the subject now. SQL narrows the candidates with the same conditions; the
 * table has the last word, so a task never offers what the person may not do.
 */
const TASK_ACTIONS: Record<TaskKind, readonly Action[]> = {
  ballot: ['ballot.cast'],
  proposal_response: ['proposal.respond'],
  milestone_due: ['milestone.start', 'milestone.submit', 'evidence.add'],
  milestone_review: ['milestone.review'],
  invitation: ['invitation.accept'],
};
const SUBJECT_TYPE: Record<TaskKind, TaskSubjectType> = {
  ballot: 'voting_round', proposal_response: 'proposal', milestone_due: 'milestone', milestone_review: 'milestone', invitation: 'invitation',
};
const ROLE_LABELS: Record<string, string> = { titular: 'titular', alternate: 'suplente', observer: 'persona observadora', facilitator: 'persona facilitadora' };

interface MembershipRow {
  id: string; secretariat_id: string; sector: MemberContext['sector']; organization_id: string | null; seat_id: string | null;
  role: MemberContext['role']; is_coordinator: boolean; status: SecretariatContext['status']; rules: Partial<SecretariatRules> | null;
  time_zone: string; abbreviation: string;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type TaskRow = Record<string, any> & { kind: TaskKind; secretariat_id: string; subject_id: string; due_at: Date | null; secretariat_name: string; secretariat_status: string };

/**
 * `GET /me/tasks`: what the signed-in person must do now across their secretariats, soonest
 * deadline first. A read model over other capabilities' tables (like the access loaders and the
 * dashboard): two statements whatever the number of secretariats, rounds or milestones — the
 * caller's memberships with their secretariats' contexts and unread count, then one UNION of
 * every candidate kind, keyset-paginated in SQL.
 */
@Injectable()
export class TasksService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(user: AuthUser, page: PageQuery): Promise<MyTasksDto> {
    const after = page.cursor ? decodeCursor(page.cursor, ['bool', 'date', 'uuid']) : null;
    const [{ unread, memberships }]: [{ unread: number; memberships: MembershipRow[] }] = await this.db.query(
      `SELECT (SELECT count(*)::int FROM notifications WHERE user_id = $1 AND read_at IS NULL) AS unread,
              COALESCE((SELECT json_agg(json_build_object(
                 'id', m.id, 'secretariat_id', m.secretariat_id, 'sector', m.sector, 'organization_id', m.organization_id, 'seat_id', m.seat_id,
                 'role', m.role, 'is_coordinator', m.is_coordinator, 'status', s.status, 'rules', s.rules, 'time_zone', st.time_zone, 'abbreviation', st.abbreviation))
                 FROM memberships m JOIN secretariats s ON s.id = m.secretariat_id JOIN states st ON st.code = s.state_code
                WHERE m.user_id = $1 AND m.ended_at IS NULL), '[]'::json) AS memberships`,
      [user.id],
    );
    const contexts = new Map<string, SecretariatContext>();
    for (const m of memberships) {
      contexts.set(m.secretariat_id, {
        secretariatId: m.secretariat_id, status: m.status, rules: effectiveRules(m.rules), timeZone: m.time_zone, stateAbbreviation: m.abbreviation,
        viewer: {
          user,
          member: {
            membershipId: m.id, secretariatId: m.secretariat_id, userId: user.id, sector: m.sector, organizationId: m.organization_id, seatId: m.seat_id,
            role: m.role, isCoordinator: m.is_coordinator,
          },
        },
      });
    }
    const ids = [...contexts.keys()];
    const windows = ids.map((id) => contexts.get(id)!.rules.reminders);
    const params: unknown[] = [
      user.id, user.email.toLowerCase(), ids,
      windows.map((r) => Math.max(0, ...r.milestoneDueDays)), windows.map((r) => r.reviewPendingDays),
      STATUS_RULES.working, STATUS_RULES.not_dissolved, EXECUTION_STAGES, page.limit + 1,
    ];
    let keyset = '';
    if (after) {
      params.push(...after);
      keyset = `WHERE ((t.due_at IS NULL), COALESCE(t.due_at, '${NO_DEADLINE}'::timestamptz), t.subject_id) > ($10::boolean, $11::timestamptz, $12::uuid)`;
    }
    const rows: TaskRow[] = await this.db.query(
      `WITH me AS (
         SELECT m.secretariat_id, m.sector, m.organization_id, m.seat_id, m.role, m.is_coordinator, w.due_days, w.review_days
           FROM memberships m JOIN unnest($3::uuid[], $4::int[], $5::int[]) AS w(secretariat_id, due_days, review_days) ON w.secretariat_id = m.secretariat_id
          WHERE m.user_id = $1 AND m.ended_at IS NULL),
       tasks AS (
         SELECT 'ballot'::text AS kind, r.secretariat_id, r.id AS subject_id, r.title, r.closes_at AS due_at, false AS overdue, NULL::uuid AS commitment_id,
                r.plan_id, r.status, NULL::text AS stage, r.opens_at, r.closes_at, r.secrecy, ARRAY(SELECT x->>'seatId' FROM jsonb_array_elements(r.seats) x) AS seat_ids,
                NULL::uuid AS author_id, NULL::uuid AS author_organization_id, NULL::uuid AS responsible_organization_id, NULL::text AS commitment_status,
                NULL::int AS current_evidence, NULL::text AS invitation_role
           FROM me JOIN voting_rounds r ON r.secretariat_id = me.secretariat_id JOIN secretariats s ON s.id = r.secretariat_id
          WHERE me.seat_id IS NOT NULL AND me.role IN ('titular', 'alternate') AND s.status = ANY($7::text[])
            AND r.status = 'open' AND r.opens_at <= now() AND r.closes_at > now()
            AND r.seats @> jsonb_build_array(jsonb_build_object('seatId', me.seat_id::text))
            AND NOT EXISTS (SELECT 1 FROM ballots b WHERE b.round_id = r.id AND b.seat_id = me.seat_id)
         UNION ALL
         SELECT 'proposal_response', p.secretariat_id, p.id, p.title, p.response_due_at, COALESCE(p.response_due_at < now(), false), NULL,
                p.plan_id, p.status, ap.stage, NULL, NULL, NULL, NULL, p.author_id, p.author_organization_id, NULL, NULL, NULL, NULL
           FROM me JOIN proposals p ON p.secretariat_id = me.secretariat_id JOIN action_plans ap ON ap.id = p.plan_id JOIN secretariats s ON s.id = p.secretariat_id
          WHERE me.is_coordinator AND s.status = ANY($6::text[]) AND p.status IN ('submitted', 'in_deliberation') AND p.responded_at IS NULL
         UNION ALL
         SELECT 'milestone_due', ms.secretariat_id, ms.id, ms.title, ms.due_at, milestone_overdue(ms.status, ms.due_at), ms.commitment_id,
                c.plan_id, ms.status, ap.stage, NULL, NULL, NULL, NULL, NULL, NULL, ms.responsible_organization_id, c.status,
                (SELECT count(*)::int FROM evidence e WHERE e.milestone_id = ms.id AND e.superseded_by_id IS NULL), NULL
           FROM me JOIN milestones ms ON ms.secretariat_id = me.secretariat_id AND ms.responsible_organization_id = me.organization_id
           JOIN commitments c ON c.id = ms.commitment_id JOIN action_plans ap ON ap.id = c.plan_id JOIN secretariats s ON s.id = ms.secretariat_id
          WHERE s.status = ANY($7::text[]) AND ms.status IN ('pending', 'in_progress', 'returned') AND ap.stage = ANY($8::text[]) AND c.status <> 'withdrawn'
            AND (milestone_overdue(ms.status, ms.due_at) OR ms.due_at <= now() + make_interval(days => me.due_days))
         UNION ALL
         SELECT 'milestone_review', ms.secretariat_id, ms.id, ms.title, ms.submitted_at + make_interval(days => me.review_days),
                ms.submitted_at + make_interval(days => me.review_days) < now(), ms.commitment_id,
                c.plan_id, ms.status, ap.stage, NULL, NULL, NULL, NULL, NULL, NULL, ms.responsible_organization_id, c.status,
                (SELECT count(*)::int FROM evidence e WHERE e.milestone_id = ms.id AND e.superseded_by_id IS NULL), NULL
           FROM me JOIN milestones ms ON ms.secretariat_id = me.secretariat_id
           JOIN commitments c ON c.id = ms.commitment_id JOIN action_plans ap ON ap.id = c.plan_id JOIN secretariats s ON s.id = ms.secretariat_id
          WHERE me.sector = 'guarantor' AND me.role IN ('titular', 'alternate') AND s.status = ANY($7::text[])
            AND ms.status = 'submitted' AND ms.responsible_organization_id IS DISTINCT FROM me.organization_id
            AND ap.stage = ANY($8::text[]) AND c.status <> 'withdrawn'
         UNION ALL
         SELECT 'invitation', i.secretariat_id, i.id, NULL, i.expires_at, false, NULL,
                NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, i.role
           FROM invitations i JOIN secretariats s ON s.id = i.secretariat_id
          WHERE i.email = $2 AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now() AND s.status = ANY($7::text[])
            AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.secretariat_id = i.secretariat_id AND m.user_id = $1 AND m.ended_at IS NULL))
       SELECT t.*, s.name AS secretariat_name, s.status AS secretariat_status
         FROM tasks t JOIN secretariats s ON s.id = t.secretariat_id
         ${keyset}
        ORDER BY (t.due_at IS NULL), COALESCE(t.due_at, '${NO_DEADLINE}'::timestamptz), t.subject_id
        LIMIT $9`,
      params,
    );
    const consumed = rows.slice(0, page.limit);
    const items = consumed.filter((r) => this.allowed(user, r, contexts)).map(toTask);
    const last = consumed[consumed.length - 1];
    const nextCursor = rows.length > page.limit && last
      ? encodeCursor([last.due_at === null, last.due_at ? new Date(last.due_at).toISOString() : NO_DEADLINE, last.subject_id])
      : null;
    return { items, nextCursor, unreadNotifications: unread };
  }

  /** The access table's verdict on one candidate (the SQL only narrows). */
  private allowed(user: AuthUser, r: TaskRow, contexts: Map<string, SecretariatContext>): boolean {
    const row = { ...r, id: r.subject_id };
    if (r.kind === 'invitation') {
      // The invitation (its token or its addressee's account) is the credential: only the status rule applies.
      const ctx: SecretariatContext = {
        secretariatId: r.secretariat_id, status: r.secretariat_status as SecretariatContext['status'], rules: effectiveRules(null), timeZone: '', stateAbbreviation: '',
        viewer: { user, member: null },
      };
      return can('invitation.accept', SUBJECTS.secretariat.map({ id: r.secretariat_id, secretariat_id: r.secretariat_id }), ctx);
    }
    const ctx = contexts.get(r.secretariat_id);
    if (!ctx) return false;
    switch (r.kind) {
      case 'ballot':
        return can('ballot.cast', SUBJECTS.voting_round.map(row), ctx);
      case 'proposal_response':
        return can('proposal.respond', SUBJECTS.proposal.map(row), ctx);
      case 'milestone_due':
      case 'milestone_review': {
        const subject = SUBJECTS.milestone.map(row);
        return TASK_ACTIONS[r.kind].some((a) => can(a as 'milestone.review', subject, ctx));
      }
    }
    return false;
  }
}

function toTask(r: TaskRow): TaskDto {
  const title = {
    ballot: () => `Vota: «${r.title}»`,
    proposal_response: () => `${r.overdue ? 'Respuesta razonada atrasada' : 'Responde de forma razonada'}: «${r.title}»`,
    milestone_due: () => `${r.overdue ? 'Hito vencido' : 'Hito por vencer'}: «${r.title}»`,
    milestone_review: () => `Revisa el hito «${r.title}»`,
    invitation: () => `Invitación a ${r.secretariat_name} como ${ROLE_LABELS[r.invitation_role] ?? r.invitation_role}`,
  }[r.kind]();
  const link = {
    ballot: () => webPaths.votingRound(r.subject_id),
    proposal_response: () => webPaths.proposal(r.subject_id),
    milestone_due: () => webPaths.milestone(r.subject_id),
    milestone_review: () => webPaths.milestone(r.subject_id),
    invitation: () => webPaths.invitation(r.subject_id),
  }[r.kind]();
  return {
    kind: r.kind,
    secretariatId: r.secretariat_id,
    secretariatName: r.secretariat_name,
    subjectType: SUBJECT_TYPE[r.kind],
    subjectId: r.subject_id,
    title,
    dueAt: r.due_at ? new Date(r.due_at) : null,
    overdue: !!r.overdue,
    link,
  };
}
