import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { conflict, forbidden, notFound, unprocessable } from '../common/errors/domain-error';
import { Page, paginate, PageQuery } from '../common/pagination';
import { Actor, canSeeProposal, CoCreationAccess, canCoordinate } from '../plans/co-creation.policy';
import { CommentDto, CommentThreadDto, CreateCommentDto, EditCommentDto, HideCommentDto } from './dto/comment.dto';
import { ProposalComment } from './proposal-comment.entity';
import { Proposal } from './proposal.entity';
import { ProposalsService } from './proposals.service';

/** Authors may edit or delete their comment for this long after posting it. */
export const COMMENT_EDIT_WINDOW_MS = 15 * 60 * 1000;

function toCommentDto(c: ProposalComment, actor: Actor): CommentDto {
  const hidden = !!c.hiddenAt;
  const deleted = !!c.deletedAt;
  return {
    id: c.id,
    proposalId: c.proposalId,
    parentId: c.parentId,
    authorId: c.authorId,
    // Hidden text stays readable to coordinators (moderation is reviewable), nobody else.
    body: deleted || (hidden && !canCoordinate(actor)) ? null : c.body,
    editedAt: c.editedAt,
    deleted,
    hidden,
    hiddenReason: c.hiddenReason,
    createdAt: c.createdAt,
  };
}

@Injectable()
export class CommentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: CoCreationAccess,
    private readonly proposals: ProposalsService,
    private readonly audit: AuditService,
  ) {}

  /** Top-level comments, oldest first, each with its replies. */
  async list(user: AuthUser, proposalId: string, page: PageQuery): Promise<Page<CommentThreadDto>> {
    const { actor } = await this.proposals.findVisible(user, proposalId);
    const qb = this.db.getRepository(ProposalComment).createQueryBuilder('c').where('c.proposalId = :proposalId AND c.parentId IS NULL', { proposalId });
    const top = await paginate(qb, page, { sortKey: 'createdAt', order: 'ASC' });
    const replies = top.items.length
      ? await this.db.getRepository(ProposalComment).find({ where: { parentId: In(top.items.map((c) => c.id)) }, order: { createdAt: 'ASC', id: 'ASC' } })
      : [];
    return {
      items: top.items.map((c) => ({
        ...toCommentDto(c, actor),
        replies: replies.filter((r) => r.parentId === c.id).map((r) => toCommentDto(r, actor)),
      })),
      nextCursor: top.nextCursor,
    };
  }

  async create(user: AuthUser, proposalId: string, dto: CreateCommentDto): Promise<CommentDto> {
    const { proposal } = await this.proposals.findVisible(user, proposalId);
    const actor = await this.access.member(user, proposal.secretariatId, 'La propuesta');
    if (dto.parentId) {
      const parent = await this.db.getRepository(ProposalComment).findOneBy({ id: dto.parentId, proposalId });
      if (!parent) throw unprocessable('invalid_parent_comment', 'El comentario al que respondes no existe en esta propuesta.');
      if (parent.parentId) throw unprocessable('invalid_parent_comment', 'Solo se puede responder a comentarios principales (un nivel de respuestas).');
      if (parent.deletedAt) throw conflict('comment_deleted', 'El comentario al que respondes fue eliminado.');
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
      return saved;
    });
    return toCommentDto(comment, actor);
  }

  async edit(user: AuthUser, commentId: string, dto: EditCommentDto): Promise<CommentDto> {
    const { comment, actor } = await this.ownComment(user, commentId);
    const saved = await this.db.transaction(async (tx) => {
      const c = await this.lockEditable(tx.getRepository(ProposalComment), comment.id);
      c.body = dto.body;
      c.editedAt = new Date();
      const saved = await tx.getRepository(ProposalComment).save(c);
      await this.audit.record(tx, { secretariatId: c.secretariatId, actorId: user.id, subjectType: 'proposal_comment', subjectId: c.id, action: 'comment.edited' });
      return saved;
    });
    return toCommentDto(saved, actor);
  }

  /** The author's delete: the text goes, the thread keeps its place. */
  async remove(user: AuthUser, commentId: string): Promise<void> {
    const { comment } = await this.ownComment(user, commentId);
    await this.db.transaction(async (tx) => {
      const c = await this.lockEditable(tx.getRepository(ProposalComment), comment.id);
      c.body = '';
      c.deletedAt = new Date();
      await tx.getRepository(ProposalComment).save(c);
      await this.audit.record(tx, { secretariatId: c.secretariatId, actorId: user.id, subjectType: 'proposal_comment', subjectId: c.id, action: 'comment.deleted' });
    });
  }

  /** Moderation by coordinators: hidden with a reason; the text is kept for audit. */
  async hide(user: AuthUser, commentId: string, dto: HideCommentDto): Promise<CommentDto> {
    const { comment } = await this.visibleComment(user, commentId);
    const actor = await this.access.coordinator(user, comment.secretariatId, 'El comentario');
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
    return toCommentDto(saved, actor);
  }

  private async visibleComment(user: AuthUser, commentId: string) {
    const comment = await this.db.getRepository(ProposalComment).findOneBy({ id: commentId });
    if (!comment) throw notFound('El comentario');
    const actor = await this.access.viewer(user, comment.secretariatId, 'El comentario');
    const proposal = await this.db.getRepository(Proposal).findOneByOrFail({ id: comment.proposalId });
    if (!canSeeProposal(actor, proposal)) throw notFound('El comentario');
    return { comment, actor };
  }

  private async ownComment(user: AuthUser, commentId: string) {
    const found = await this.visibleComment(user, commentId);
    if (found.comment.authorId !== user.id) throw forbidden('not_comment_author', 'Solo quien escribió el comentario puede modificarlo.');
    return found;
  }

  private async lockEditable(repo: Repository<ProposalComment>, id: string): Promise<ProposalComment> {
    const c = await repo.findOneOrFail({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (c.deletedAt) throw conflict('comment_deleted', 'El comentario fue eliminado.');
    if (c.hiddenAt) throw conflict('comment_hidden', 'El comentario fue ocultado por la coordinación y ya no puede modificarse.');
    if (Date.now() - c.createdAt.getTime() > COMMENT_EDIT_WINDOW_MS) {
      throw unprocessable('edit_window_closed', 'Los comentarios solo pueden editarse o eliminarse durante los 15 minutos posteriores a su publicación.');
    }
    return c;
  }
}
