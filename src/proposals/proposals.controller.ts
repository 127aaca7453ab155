import { Act } from '../access/act.decorator';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { ApiProblems } from '../common/openapi';
import { PageQuery } from '../common/pagination';
import { CommentsService } from './comments.service';
import { CommentDto, CommentPageDto, CreateCommentDto, EditCommentDto, HideCommentDto } from './dto/comment.dto';
import { CreateProposalDto, ProposalDetailDto, ProposalDto, ProposalListQuery, ProposalPageDto, RespondDto, RevisionPageDto, UpdateProposalDto } from './dto/proposal.dto';
import { ProposalsService } from './proposals.service';
import { UuidParam } from '../common/validation';
import { UserFromToken } from '../common/decorators/public.decorator';

@ApiTags('proposals')
@ApiBearerAuth()
@Controller()
export class ProposalsController {
  constructor(private readonly proposals: ProposalsService, private readonly comments: CommentsService) {}

  @Act('plan.read')
  // A busy read: the access statement reads the account along with plan and membership.
  @UserFromToken()
  @Get('plans/:id/proposals')
  @ApiOperation({ summary: "A plan's proposals (drafts only to their organization); filter by status or response state (awaiting, late, answered)" })
  @ApiOkResponse({ type: ProposalPageDto })
  @ApiProblems(400, 401, 404)
  list(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Query() query: ProposalListQuery) {
    return this.proposals.list(user, id, query);
  }

  @Act('proposal.create')
  @Post('plans/:id/proposals')
  @ApiOperation({ summary: 'Draft a proposal on the OGP commitment template (any member)' })
  @ApiCreatedResponse({ type: ProposalDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  create(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: CreateProposalDto) {
    return this.proposals.create(user, id, dto);
  }

  @Act('proposal.read')
  @Get('proposals/:id')
  @ApiOperation({ summary: 'A proposal' })
  @ApiOkResponse({ type: ProposalDetailDto })
  @ApiProblems(400, 401, 404)
  get(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string) {
    return this.proposals.get(user, id);
  }

  @Act('proposal.update')
  @Patch('proposals/:id')
  @ApiOperation({ summary: "Edit the template (author's organization; also coordinators after submission). Edits after submission are kept as revisions." })
  @ApiOkResponse({ type: ProposalDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  update(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: UpdateProposalDto) {
    return this.proposals.update(user, id, dto);
  }

  @Act('proposal.submit')
  @Post('proposals/:id/submit')
  @HttpCode(200)
  @ApiOperation({ summary: "Submit a draft (author's organization) during consultation (or deliberation if the rules allow); starts the response deadline" })
  @ApiOkResponse({ type: ProposalDto })
  @ApiProblems(400, 401, 403, 404, 409)
  submit(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string) {
    return this.proposals.submit(user, id);
  }

  @Act('proposal.withdraw')
  @Post('proposals/:id/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: "Withdraw a proposal before a vote opens on it (author's organization)" })
  @ApiOkResponse({ type: ProposalDto })
  @ApiProblems(400, 401, 403, 404, 409)
  withdraw(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string) {
    return this.proposals.withdraw(user, id);
  }

  @Act('proposal.respond')
  @Post('proposals/:id/response')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the reasoned response (coordinators): accept_for_vote, merge (into mergeIntoId) or decline (text required)' })
  @ApiOkResponse({ type: ProposalDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  respond(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: RespondDto) {
    return this.proposals.respond(user, id, dto);
  }

  @Act('proposal.read')
  @Get('proposals/:id/revisions')
  @ApiOperation({ summary: 'Edits made after submission, oldest first: who, when, each field before and after' })
  @ApiOkResponse({ type: RevisionPageDto })
  @ApiProblems(400, 401, 404)
  revisions(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Query() query: PageQuery) {
    return this.proposals.revisions(user, id, query);
  }

  @Act('proposal.read')
  @Get('proposals/:id/comments')
  @ApiOperation({ summary: 'The comment thread: top-level comments oldest first, each with its replies' })
  @ApiOkResponse({ type: CommentPageDto })
  @ApiProblems(400, 401, 404)
  listComments(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Query() query: PageQuery) {
    return this.comments.list(user, id, query);
  }

  @Act('comment.create')
  @Post('proposals/:id/comments')
  @ApiOperation({ summary: 'Comment, or reply to a top-level comment (members)' })
  @ApiCreatedResponse({ type: CommentDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  comment(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: CreateCommentDto) {
    return this.comments.create(user, id, dto);
  }

  @Act('comment.edit')
  @Patch('proposal-comments/:id')
  @ApiOperation({ summary: 'Edit your own comment within 15 minutes of posting it' })
  @ApiOkResponse({ type: CommentDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  editComment(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: EditCommentDto) {
    return this.comments.edit(user, id, dto);
  }

  @Act('comment.delete')
  @Delete('proposal-comments/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete your own comment within 15 minutes of posting it (its place in the thread stays)' })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404, 409, 422)
  async deleteComment(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string): Promise<void> {
    await this.comments.remove(user, id);
  }

  @Act('comment.hide')
  @Post('proposal-comments/:id/hide')
  @HttpCode(200)
  @ApiOperation({ summary: 'Hide a comment with a reason (coordinators); the text is kept for audit' })
  @ApiOkResponse({ type: CommentDto })
  @ApiProblems(400, 401, 403, 404, 409)
  hide(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: HideCommentDto) {
    return this.comments.hide(user, id, dto);
  }
}
