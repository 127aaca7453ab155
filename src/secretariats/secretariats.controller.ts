import { Act } from '../access/act.decorator';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { Public } from '../common/decorators/public.decorator';
import { ApiProblems } from '../common/openapi';
import {
  CreatedInvitationDto, CreateInvitationDto, InvitationDto, InvitationPageDto, InvitationPreviewDto, InvitationQuery,
} from './dto/invitation.dto';
import { EndMembershipDto, MemberDto, MemberPageDto, MemberQuery, UpdateMembershipDto } from './dto/member.dto';
import { CreateSeatDto, ReassignSeatDto, SeatDto, SeatQuery, VacateSeatDto } from './dto/seat.dto';
import {
  CreateSecretariatDto, SecretariatDetailDto, SecretariatDto, SecretariatListQuery, SecretariatPageDto, TransitionDto, UpdateSecretariatDto,
} from './dto/secretariat.dto';
import { InvitationsService } from './invitations.service';
import { MembershipsService } from './memberships.service';
import { SeatsService } from './seats.service';
import { SecretariatsService } from './secretariats.service';
import { UuidParam } from '../common/validation';

@ApiTags('secretariats')
@ApiBearerAuth()
@Controller()
export class SecretariatsController {
  constructor(private readonly secretariats: SecretariatsService) {}

  @Act('secretariat.list')
  @Get('secretariats')
  @ApiOperation({ summary: 'Secretariats you may see (platform admins: all; others: where they are an active member)' })
  @ApiOkResponse({ type: SecretariatPageDto })
  @ApiProblems(400, 401)
  list(@CurrentUser() user: AuthUser, @Query() query: SecretariatListQuery) {
    return this.secretariats.list(user, query);
  }

  @Act('secretariat.create')
  @Post('secretariats')
  @ApiOperation({ summary: 'Create a secretariat for a state or municipality, in `promoting` (platform admins)' })
  @ApiCreatedResponse({ type: SecretariatDto })
  @ApiProblems(400, 401, 403, 409, 422)
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateSecretariatDto) {
    return this.secretariats.create(user, dto);
  }

  @Act('secretariat.read')
  @Get('secretariats/:id')
  @ApiOperation({ summary: 'A secretariat with its effective rules, your membership and its lifecycle history (members, admins)' })
  @ApiOkResponse({ type: SecretariatDetailDto })
  @ApiProblems(400, 401, 404)
  get(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string) {
    return this.secretariats.get(user, id);
  }

  @Act('secretariat.update')
  @Patch('secretariats/:id')
  @ApiOperation({ summary: 'Rename or change the rules (lineamientos) (coordinators, admins); rules apply to voting rounds opened afterwards' })
  @ApiOkResponse({ type: SecretariatDto })
  @ApiProblems(400, 401, 403, 404, 409)
  update(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: UpdateSecretariatDto) {
    return this.secretariats.update(user, id, dto);
  }

  @Act('secretariat.transition')
  @Post('secretariats/:id/transitions')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Move the lifecycle (coordinators, admins)',
    description:
      'promoting→declared (date + document) → installed (document = acta; at least one seat with a titular in each sector) → active ' +
      '(same condition) ⇄ suspended (sector + reason); any state but dissolved → dissolved (reason). 409 `invalid_transition` for a move ' +
      'not in the table (or already made by someone else), `secretariat_changed` on a concurrent change; 422 `date_required`, ' +
      '`document_required`, `sectors_incomplete`, `sector_required`, `reason_required`, `date_in_future`.',
  })
  @ApiOkResponse({ type: SecretariatDetailDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  transition(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: TransitionDto) {
    return this.secretariats.transition(user, id, dto);
  }
}

@ApiTags('secretariats')
@ApiBearerAuth()
@Controller('secretariats/:id/seats')
export class SeatsController {
  constructor(private readonly seats: SeatsService) {}

  @Act('secretariat.read')
  @Get()
  @ApiOperation({ summary: 'Seats with their organization, titular and alternate (members, admins)' })
  @ApiOkResponse({ type: [SeatDto] })
  @ApiProblems(400, 401, 404)
  list(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Query() query: SeatQuery) {
    return this.seats.list(user, id, query);
  }

  @Act('seat.create')
  @Post()
  @ApiOperation({ summary: "Give an organization a seat in its sector (coordinators, admins)" })
  @ApiCreatedResponse({ type: SeatDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  create(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: CreateSeatDto) {
    return this.seats.create(user, id, dto);
  }

  @Act('seat.vacate')
  @Post(':seatId/vacate')
  @HttpCode(200)
  @ApiOperation({ summary: "Vacate a seat: kept as history, its titular's and alternate's memberships end (coordinators, admins)" })
  @ApiOkResponse({ type: SeatDto })
  @ApiProblems(400, 401, 403, 404, 409)
  vacate(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Param('seatId', UuidParam) seatId: string, @Body() dto: VacateSeatDto) {
    return this.seats.vacate(user, id, seatId, dto);
  }

  @Act('seat.reassign')
  @Post(':seatId/reassign')
  @ApiOperation({ summary: 'Pass a seat to another organization of the same sector: the old seat is vacated, a new one replaces it (coordinators, admins)' })
  @ApiCreatedResponse({ type: SeatDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  reassign(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Param('seatId', UuidParam) seatId: string, @Body() dto: ReassignSeatDto) {
    return this.seats.reassign(user, id, seatId, dto);
  }
}

@ApiTags('secretariats')
@ApiBearerAuth()
@Controller()
export class MembershipsController {
  constructor(private readonly memberships: MembershipsService) {}

  @Act('secretariat.read')
  @Get('secretariats/:id/members')
  @ApiOperation({ summary: 'Members with sector, organization, seat role and coordinator flag (members, admins; emails only for coordinators and admins)' })
  @ApiOkResponse({ type: MemberPageDto })
  @ApiProblems(400, 401, 404)
  list(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Query() query: MemberQuery) {
    return this.memberships.list(user, id, query);
  }

  @Act('membership.end')
  @Post('memberships/:id/end')
  @HttpCode(200)
  @ApiOperation({ summary: 'End a membership (term of office); history is kept (coordinators, admins, or the member)' })
  @ApiOkResponse({ type: MemberDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  end(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: EndMembershipDto) {
    return this.memberships.end(user, id, dto);
  }

  @Act('membership.update')
  @Patch('memberships/:id')
  @ApiOperation({ summary: 'Grant or remove the coordinator flag (coordinators, admins); a secretariat keeps at least one coordinator' })
  @ApiOkResponse({ type: MemberDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  update(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: UpdateMembershipDto) {
    return this.memberships.update(user, id, dto);
  }
}

@ApiTags('invitations')
@Controller()
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @ApiBearerAuth()
  @Act('invitation.list')
  @Get('secretariats/:id/invitations')
  @ApiOperation({ summary: 'Invitations of a secretariat (coordinators, admins)' })
  @ApiOkResponse({ type: InvitationPageDto })
  @ApiProblems(400, 401, 403, 404)
  list(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Query() query: InvitationQuery) {
    return this.invitations.list(user, id, query);
  }

  @ApiBearerAuth()
  @Act('invitation.create')
  @Post('secretariats/:id/invitations')
  @ApiOperation({
    summary: 'Invite someone by email to a seat role or a non-voting role (coordinators, admins)',
    description: 'Sends an email with a single-use link `<PUBLIC_URL>/invitaciones/<token>` valid 7 days by default; the token is never returned by the API.',
  })
  @ApiCreatedResponse({ type: CreatedInvitationDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  create(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: CreateInvitationDto) {
    return this.invitations.create(user, id, dto);
  }

  @ApiBearerAuth()
  @Act('invitation.revoke')
  @Post('secretariats/:id/invitations/:invitationId/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a pending invitation (coordinators, admins)' })
  @ApiOkResponse({ type: InvitationDto })
  @ApiProblems(400, 401, 403, 404, 409)
  revoke(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Param('invitationId', UuidParam) invitationId: string) {
    return this.invitations.revoke(user, id, invitationId);
  }

  @Public()
  @Get('invitations/:token')
  @ApiOperation({
    summary: 'What an invitation link is for (secretariat, role, masked email, status)',
    description: '`token` is the e-mailed token, or the invitation id for the signed-in person it is addressed to (links of `GET /me/tasks` and notifications); the same holds for accepting.',
  })
  @ApiOkResponse({ type: InvitationPreviewDto })
  @ApiProblems(404)
  preview(@Param('token') token: string, @CurrentUser() user?: AuthUser) {
    return this.invitations.preview(token, user);
  }

  @ApiBearerAuth()
  @Act('invitation.accept')
  @Post('invitations/:token/accept')
  @ApiOperation({
    summary: 'Accept an invitation as the logged-in user whose email it was sent to',
    description: '404 `invitation_not_found` (unknown or altered token), 403 `invitation_email_mismatch`, 409 `invitation_used`, `invitation_expired`, `invitation_revoked`, `already_member`, `seat_role_taken`, `seat_vacated`, `secretariat_dissolved`.',
  })
  @ApiCreatedResponse({ type: MemberDto })
  @ApiProblems(401, 403, 404, 409)
  accept(@CurrentUser() user: AuthUser, @Param('token') token: string) {
    return this.invitations.accept(user, token);
  }
}
