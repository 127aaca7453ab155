import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { AccessService } from '../access/access.service';
import { canManageSecretariat } from '../access/policy';
import { actionsOn, SecretariatContext } from '../access/actions';
import { CommentSubject } from '../access/subjects';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { conflict, unprocessable } from '../common/errors/domain-error';
import { Page, paginate, PageQuery } from '../common/pagination';
import { CommentDto, CommentThreadDto, CreateCommentDto, EditCommentDto, HideCommentDto } from './dto/comment.dto';
import { ProposalComment } from './proposal-comment.entity';
import { COMMENT_REPLIED, excerpt } from './proposal-events';
import { NotificationsService } from '../reminders/notifications.service';
import { webPaths } from '../common/web-paths';

/** What the thread needs besides the comment: the caller's context, the proposal's facts, authors' names. */
interface ThreadContext {
  ctx: SecretariatContext;
  proposal: CommentSubject['proposal'];
  names: Map<string, string>;
}

function toCommentDto(c: ProposalComment, t: ThreadContext): CommentDto {
  const viewer = t.ctx.viewer;
  const hidden = !!c.hiddenAt;
  const deleted = !!c.deletedAt;
  const subject: CommentSubject = {
    id: c.id, secretariatId: c.secretariatId, proposalId: c.proposalId, authorId: c.authorId, parentId: c.parentId, hidden, deleted, createdAt: c.createdAt, proposal: t.proposal,
  };
  return {
    id: c.id,
    proposalId: c.proposalId,
    parentId: c.parentId,
    authorId: c.authorId,
    authorName: t.names.get(c.authorId) ?? '',
    // Hidden text stays readable to coordinators (moderation is reviewable), nobody else.
    body: deleted || (hidden && !canManageSecretariat(viewer)) ? null : c.body,
    editedAt: c.editedAt,
    deleted,
    hidden,
    hiddenReason: c.hiddenReason,
    createdAt: c.createdAt,
    actions: actionsOn('comment', subject, t.ctx),
  };
}

@Injectable()
export class CommentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  /** Top-level comments, oldest first, each with its replies. */
  async list(user: AuthUser, proposalId: string, page: PageQuery): Promise<Page<CommentThreadDto>> {
    const granted = await this.access.require(user, 'proposal.read', proposalId);
    const qb = this.db.getRepository(ProposalComment).createQueryBuilder('c').where('c.proposalId = :proposalId AND c.parentId IS NULL', { proposalId });
    const top = await paginate(qb, page, { sortKey: 'createdAt', order: 'ASC' });
    const replies = top.items.length
      ? await this.db.getRepository(ProposalComment).find({ where: { parentId: In(top.items.map((c) => c.id)) }, order: { createdAt: 'ASC', id: 'ASC' } })
      : [];
    const t = await this.thread(granted.ctx, granted.subject, [...top.items, ...replies]);
    return {
      items: top.items.map((c) => ({
        ...toCommentDto(c, t),
        replies: replies.filter((r) => r.parentId === c.id).map((r) => toCommentDto(r, t)),
      })),
      nextCursor: top.nextCursor,
    };
  }

  async create(user: AuthUser, proposalId: string, dto: CreateCommentDto): Promise<CommentDto> {
    const { subject: proposal, ctx } = await this.access.require(user, 'comment.create', proposalId);
    let parentAuthorId: string | null = null;
    if (dto.parentId) {
      const parent = await this.db.getRepository(ProposalComment).findOneBy({ id: dto.parentId, proposalId });
      if (!parent) throw unprocessable('invalid_parent_comment', 'El comentario al que respondes no existe en esta propuesta.');
      if (parent.parentId) throw unprocessable('invalid_parent_comment', 'Solo se puede responder a comentarios principales (un nivel de respuestas).');
      if (parent.deletedAt) throw conflict('comment_deleted', 'El comentario al que respondes fue eliminado.');
      parentAuthorId = parent.authorId;
    }
    const comment = await this.db.transaction(async (tx) => {
      const saved = await tx.getRepository(ProposalComment).save(
        tx.getRepository(ProposalComment).create({ proposalId, secretariatId: proposal.secretariatId, parentId: dto.parentId ?? null, authorId: user.id, body: dto.body }),
      );
      await this.audit.record(tx, {
        secretariatId: proposal.secretariatId,
        actorId: user.id,
        subjectType: 'proposal_comment',
        subjectId: saved.id,
        action: 'comment.created',
        data: { proposalId, parentId: saved.parentId },
      });
      if (parentAuthorId) {
        const [{ title }] = await tx.query('SELECT title FROM proposals WHERE id = $1', [proposalId]);
        await this.notifications.notifyEvent(tx, {
          kind: COMMENT_REPLIED.kind, key: saved.id, actorId: user.id, recipients: [parentAuthorId],
          secretariatId: proposal.secretariatId, subjectType: 'proposal_comment', subjectId: saved.id,
          subject: `Respondieron tu comentario en «${title}»`,
          text: `${user.name} respondió tu comentario en la propuesta «${title}»: «${excerpt(saved.body)}»`,
          link: webPaths.proposalComment(proposalId, saved.id),
        });
      }
      return saved;
    });
    return toCommentDto(comment, await this.thread(ctx, proposal, [comment]));
  }

  async edit(user: AuthUser, commentId: string, dto: EditCommentDto): Promise<CommentDto> {
    const { subject, ctx } = await this.access.require(user, 'comment.edit', commentId);
    const saved = await this.db.transaction(async (tx) => {
      const c = await this.lockEditable(tx, user, 'comment.edit', commentId);
      c.body = dto.body;
      c.editedAt = new Date();
      const saved = await tx.getRepository(ProposalComment).save(c);
      await this.audit.record(tx, { secretariatId: c.secretariatId, actorId: user.id, subjectType: 'proposal_comment', subjectId: c.id, action: 'comment.edited' });
      return saved;
    });
    return toCommentDto(saved, await this.thread(ctx, subject.proposal, [saved]));
  }

  /** The author's delete: the text goes, the thread keeps its place. */
  async remove(user: AuthUser, commentId: string): Promise<void> {
    await this.access.require(user, 'comment.delete', commentId);
    await this.db.transaction(async (tx) => {
      const c = await this.lockEditable(tx, user, 'comment.delete', commentId);
      c.body = '';
      c.deletedAt = new Date();
      await tx.getRepository(ProposalComment).save(c);
      await this.audit.record(tx, { secretariatId: c.secretariatId, actorId: user.id, subjectType: 'proposal_comment', subjectId: c.id, action: 'comment.deleted' });
    });
  }

  /** Moderation by coordinators: hidden with a reason; the text is kept for audit. */
  async hide(user: AuthUser, commentId: string, dto: HideCommentDto): Promise<CommentDto> {
    const { subject: comment, ctx } = await this.access.require(user, 'comment.hide', commentId);
    const saved = await this.db.transaction(async (tx) => {
      const result = await tx
        .createQueryBuilder()
        .update(ProposalComment)
        .set({ hiddenAt: () => 'now()', hiddenById: user.id, hiddenReason: dto.reason })
        .where({ id: commentId, hiddenAt: IsNull(), deletedAt: IsNull() })
        .execute();
      if (!result.affected) throw conflict('comment_not_hideable', 'El comentario ya está oculto o fue eliminado.');
      await this.audit.record(tx, {
        secretariatId: comment.secretariatId,
        actorId: user.id,
        subjectType: 'proposal_comment',
        subjectId: commentId,
        action: 'comment.hidden',
        data: { reason: dto.reason },
      });
      return tx.getRepository(ProposalComment).findOneByOrFail({ id: commentId });
    });
    return toCommentDto(saved, await this.thread(ctx, comment.proposal, [saved]));
  }

  /** The names of the comments' authors, in one query. */
  private async thread(ctx: SecretariatContext, proposal: CommentSubject['proposal'], comments: ProposalComment[]): Promise<ThreadContext> {
    const ids = [...new Set(comments.map((c) => c.authorId))];
    const rows: { id: string; name: string }[] = ids.length ? await this.db.query('SELECT id, name FROM users WHERE id = ANY($1)', [ids]) : [];
    return { ctx, proposal: { status: proposal.status, authorId: proposal.authorId, authorOrganizationId: proposal.authorOrganizationId }, names: new Map(rows.map((r) => [r.id, r.name])) };
  }

  /** Locks the comment and re-applies the action's rule to the locked row (a concurrent hide or delete wins). */
  private async lockEditable(tx: EntityManager, user: AuthUser, action: 'comment.edit' | 'comment.delete', id: string): Promise<ProposalComment> {
    const c = await tx.getRepository(ProposalComment).findOneOrFail({ where: { id }, lock: { mode: 'pessimistic_write' } });
    await this.access.require(user, action, id, tx);
    return c;
  }
}
