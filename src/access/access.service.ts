import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../common/decorators/current-user.decorator';
import { notFound } from '../common/errors/domain-error';
import { invalidToken } from '../auth/auth.errors';
import { PreparedSql } from '../database/prepared-sql';
import { effectiveRules } from '../secretariats/rules';
import { AccountAction, ACCOUNT_ACTIONS, Action, ACTIONS, actionsOn, ActionOn, refusal, SecretariatContext, SubjectOf, visible } from './actions';
import { MembershipSummaryDto } from './dto/membership-summary.dto';
import { Subjects, SUBJECTS, SubjectKind } from './subjects';
import { isUuid, MemberContext } from './viewer';

/** What `require` hands back: the subject's facts and the caller's context in its secretariat. */
export interface Granted<K extends SubjectKind> {
  subject: Subjects[K];
  ctx: SecretariatContext;
}

/**
 * The one place that decides who may do what (DESIGN §9). `require` loads the subject and the
 * caller's context in its secretariat in one statement and applies the action's row of the
 * table: 404 when the caller cannot see it (other tenants' objects do not exist for them), 403
 * when the action is not theirs, 409 when the secretariat's status or the subject's state
 * refuses it. Inside a transaction pass its manager.
 */
@Injectable()
export class AccessService {
  constructor(@InjectDataSource() private readonly db: DataSource, private readonly sql: PreparedSql) {}

  async require<A extends Action>(user: AuthUser, action: A, subjectId: string, em: EntityManager = this.db.manager): Promise<Granted<SubjectOf<A>>> {
    const granted = await this.see(user, ACTIONS[action].subject as SubjectOf<A>, subjectId, em);
    if (!visible(action, granted.subject as never, granted.ctx.viewer)) throw notFound(SUBJECTS[ACTIONS[action].subject].what);
    const refused = refusal(action, granted.subject as never, granted.ctx);
    if (refused) throw refused;
    return granted;
  }

  /** Actions on no secretariat's object: the account, the catalog, the platform. */
  requireAccount(user: AuthUser, action: AccountAction): void {
    const r = ACCOUNT_ACTIONS[action];
    if (!r.who(user) && 'refusal' in r) throw r.refusal();
  }

  /**
   * The subject and context, if the caller may see the subject's secretariat (404 otherwise).
   * The statement also reads the caller's account (row only if it exists: a token of a
   * removed account is a 401), whose admin flag is the one the rules use — so a
   * @UserFromToken() route needs no statement of its own for the account.
   */
  async see<K extends SubjectKind>(user: AuthUser, kind: K, subjectId: string, em: EntityManager = this.db.manager): Promise<Granted<K>> {
    const loader = SUBJECTS[kind];
    if (!isUuid(subjectId)) throw notFound(loader.what);
    const [row] = await this.sql.query(
      `WITH subject AS (${loader.sql})
       SELECT subject.*, u.is_platform_admin AS viewer_is_platform_admin,
              s.status AS ctx_status, s.rules AS ctx_rules, st.time_zone AS ctx_time_zone, st.abbreviation AS ctx_abbreviation,
              m.id AS m_id, m.sector AS m_sector, m.organization_id AS m_organization_id, m.seat_id AS m_seat_id, m.role AS m_role, m.is_coordinator AS m_is_coordinator
         FROM users u
         LEFT JOIN subject ON true
         LEFT JOIN secretariats s ON s.id = subject.secretariat_id
         LEFT JOIN states st ON st.code = s.state_code
         LEFT JOIN memberships m ON m.secretariat_id = s.id AND m.user_id = u.id AND m.ended_at IS NULL
        WHERE u.id = $2`,
      [subjectId, user.id],
      em,
    );
    if (!row) throw invalidToken();
    // The account's admin flag as stored now (a @UserFromToken() caller's was never read).
    const viewer: AuthUser = { ...user, isPlatformAdmin: row.viewer_is_platform_admin };
    if (!row.secretariat_id || (!row.m_id && !viewer.isPlatformAdmin)) throw notFound(loader.what);
    const member: MemberContext | null = row.m_id
      ? {
          membershipId: row.m_id, secretariatId: row.secretariat_id, userId: user.id, sector: row.m_sector, organizationId: row.m_organization_id,
          seatId: row.m_seat_id, role: row.m_role, isCoordinator: row.m_is_coordinator,
        }
      : null;
    return {
      subject: loader.map(row) as Subjects[K],
      ctx: {
        secretariatId: row.secretariat_id, status: row.ctx_status, rules: effectiveRules(row.ctx_rules), timeZone: row.ctx_time_zone,
        stateAbbreviation: row.ctx_abbreviation, viewer: { user: viewer, member },
      },
    };
  }

  /** The `actions` of a detail response: what this caller may do on the subject now. */
  actions<K extends SubjectKind>(kind: K, granted: Granted<K>): ActionOn<K>[] {
    return actionsOn(kind, granted.subject, granted.ctx);
  }

  /** Loads the subject fresh (after a change) and lists the caller's actions on it. */
  async actionsAfter<K extends SubjectKind>(user: AuthUser, kind: K, subjectId: string, em: EntityManager = this.db.manager): Promise<ActionOn<K>[]> {
    return this.actions(kind, await this.see(user, kind, subjectId, em));
  }

  /** The caller's active membership in a secretariat, or null. */
  async memberContext(userId: string, secretariatId: string, em: EntityManager = this.db.manager): Promise<MemberContext | null> {
    if (!isUuid(secretariatId) || !isUuid(userId)) return null;
    const [m] = await em.query(
      'SELECT id, sector, organization_id, seat_id, role, is_coordinator FROM memberships WHERE secretariat_id = $1 AND user_id = $2 AND ended_at IS NULL',
      [secretariatId, userId],
    );
    return m
      ? { membershipId: m.id, secretariatId, userId, sector: m.sector, organizationId: m.organization_id, seatId: m.seat_id, role: m.role, isCoordinator: m.is_coordinator }
      : null;
  }

  /** The user's active memberships, one per secretariat (what `GET /me` returns), oldest first. */
  async memberships(userId: string): Promise<MembershipSummaryDto[]> {
    const rows = await this.db.query(
      `SELECT m.id, m.secretariat_id, s.name, s.status, s.state_code, st.name AS state_name, st.time_zone, m.sector, m.seat_id,
              m.organization_id, o.name AS organization_name, m.role, m.is_coordinator, m.started_at
         FROM memberships m
         JOIN secretariats s ON s.id = m.secretariat_id
         JOIN states st ON st.code = s.state_code
         LEFT JOIN organizations o ON o.id = m.organization_id
        WHERE m.user_id = $1 AND m.ended_at IS NULL
        ORDER BY m.started_at, m.id`,
      [userId],
    );
    return rows.map((r: Record<string, any>) => ({ // eslint-disable-line @typescript-eslint/no-explicit-any
      membershipId: r.id, secretariatId: r.secretariat_id, secretariatName: r.name, secretariatStatus: r.status, stateCode: r.state_code,
      stateName: r.state_name, timeZone: r.time_zone, sector: r.sector, seatId: r.seat_id, organizationId: r.organization_id,
      organizationName: r.organization_name, role: r.role, isCoordinator: r.is_coordinator, startedAt: r.started_at,
    }));
  }
}
