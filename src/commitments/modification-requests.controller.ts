import { Act } from '../access/act.decorator';
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { ApiProblems } from '../common/openapi';
import { LinkRoundDto, ModificationRequestDetailDto, ModificationRequestDto } from './dto/modification-request.dto';
import { ModificationRequestsService } from './modification-requests.service';
import { UuidParam } from '../common/validation';

@ApiTags('commitments')
@ApiBearerAuth()
@Controller('modification-requests')
export class ModificationRequestsController {
  constructor(private readonly modifications: ModificationRequestsService) {}

  @Act('modification.read')
  @Get(':id')
  @ApiOperation({ summary: 'A modification request' })
  @ApiOkResponse({ type: ModificationRequestDetailDto })
  @ApiProblems(400, 401, 404)
  get(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string) {
    return this.modifications.get(user, id);
  }

  @Act('modification.link_round')
  @Post(':id/voting-round')
  @HttpCode(200)
  @ApiOperation({ summary: 'Link the `motion` voting round that decides the request (coordinators; open it first with POST /voting-rounds)' })
  @ApiOkResponse({ type: ModificationRequestDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  link(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: LinkRoundDto) {
    return this.modifications.linkRound(user, id, dto.votingRoundId);
  }

  @Act('modification.apply')
  @Post(':id/apply')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Resolve the request from its closed voting round (coordinators)',
    description: 'Approved → changes applied, status `applied`; rejected or no quorum → `rejected`. 409 `voting_round_open` / `voting_round_missing`.',
  })
  @ApiOkResponse({ type: ModificationRequestDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  apply(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string) {
    return this.modifications.apply(user, id);
  }

  @Act('modification.cancel')
  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a pending modification request (coordinators)' })
  @ApiOkResponse({ type: ModificationRequestDto })
  @ApiProblems(400, 401, 403, 404, 409)
  cancel(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string) {
    return this.modifications.cancel(user, id);
  }
}
