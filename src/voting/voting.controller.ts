import { Act } from '../access/act.decorator';
import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { UserFromToken } from '../common/decorators/public.decorator';
import { ApiProblems } from '../common/openapi';
import { BallotDto, MyBallotDto, OpenRoundDto, ResultDto, RoundDetailDto, RoundDto, RoundListQuery, RoundPageDto, SectorResultDto } from './dto/voting.dto';
import { VotingService } from './voting.service';
import { UuidParam } from '../common/validation';

@ApiTags('voting')
@ApiBearerAuth()
@Controller()
export class VotingController {
  constructor(private readonly voting: VotingService) {}

  @Act('round.open')
  @Post('voting-rounds')
  @ApiOperation({
    summary: 'Open a voting round (coordinators) on a proposal accepted for vote, on plan adoption, or on a free motion',
    description:
      'Rule and quorum are copied from the secretariat rules (adoption always uses tripartite consensus). Closes at `closesAt` ' +
      '(at least `minVotingHours` ahead) or as soon as every seat has voted.',
  })
  @ApiCreatedResponse({ type: RoundDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  open(@CurrentUser() user: AuthUser, @Body() dto: OpenRoundDto) {
    return this.voting.open(user, dto);
  }

  @Act('secretariat.read')
  @Get('secretariats/:id/voting-rounds')
  @ApiOperation({ summary: "A secretariat's voting rounds, newest first" })
  @ApiOkResponse({ type: RoundPageDto })
  @ApiProblems(400, 401, 404)
  list(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Query() query: RoundListQuery) {
    return this.voting.list(user, id, query);
  }

  @Act('round.read')
  @Get('voting-rounds/:id')
  @ApiOperation({ summary: 'A round with its participation (which seats voted, never what) and your own ballot' })
  @ApiOkResponse({ type: RoundDetailDto })
  @ApiProblems(400, 401, 404)
  get(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string) {
    return this.voting.get(user, id);
  }

  @Act('ballot.cast')
  // The hottest write: the access statement reads the account along with round and seat.
  @UserFromToken()
  @Put('voting-rounds/:id/ballot')
  @ApiOperation({ summary: "Cast or change your seat's ballot (titular or alternate; the titular's counts). 409 once the round closed." })
  @ApiOkResponse({ type: MyBallotDto })
  @ApiProblems(400, 401, 403, 404, 409)
  ballot(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: BallotDto) {
    return this.voting.castBallot(user, id, dto);
  }

  @Act('round.result')
  @Get('voting-rounds/:id/result')
  @ApiOperation({ summary: 'The tally once closed: counts, quorum and position per sector, outcome; each seat’s choice in public rounds' })
  @ApiOkResponse({ type: ResultDto })
  @ApiExtraModels(SectorResultDto)
  @ApiProblems(400, 401, 404, 409)
  result(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string) {
    return this.voting.result(user, id);
  }
}
