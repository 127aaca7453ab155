import { Act } from '../access/act.decorator';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { ApiProblems } from '../common/openapi';
import { CreatePlanDto, MoveStageDto, PlanDetailDto, PlanDto, PlanListQuery, PlanPageDto, UpdatePlanDto } from './dto/plan.dto';
import { PlansService } from './plans.service';
import { UuidParam } from '../common/validation';

@ApiTags('plans')
@ApiBearerAuth()
@Controller()
export class PlansController {
  constructor(private readonly plans: PlansService) {}

  @Act('secretariat.read')
  @Get('secretariats/:id/plans')
  @ApiOperation({ summary: "A secretariat's action plans (members and platform admins)" })
  @ApiOkResponse({ type: PlanPageDto })
  @ApiProblems(400, 401, 404)
  list(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Query() query: PlanListQuery) {
    return this.plans.list(user, id, query);
  }

  @Act('plan.create')
  @Post('secretariats/:id/plans')
  @ApiOperation({ summary: 'Create an action plan in `draft` (coordinators)' })
  @ApiCreatedResponse({ type: PlanDto })
  @ApiProblems(400, 401, 403, 404, 409)
  create(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: CreatePlanDto) {
    return this.plans.create(user, id, dto);
  }

  @Act('plan.read')
  @Get('plans/:id')
  @ApiOperation({ summary: 'A plan with its stage history and proposal counts' })
  @ApiOkResponse({ type: PlanDetailDto })
  @ApiProblems(400, 401, 404)
  get(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string) {
    return this.plans.get(user, id);
  }

  @Act('plan.update')
  @Patch('plans/:id')
  @ApiOperation({ summary: 'Edit title, description, period (draft only) or the current stage deadline (coordinators)' })
  @ApiOkResponse({ type: PlanDto })
  @ApiProblems(400, 401, 403, 404, 409)
  update(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: UpdatePlanDto) {
    return this.plans.update(user, id, dto);
  }

  @Act('plan.stage.move')
  @Post('plans/:id/stage')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Move the plan to another stage (coordinators)',
    description:
      'Allowed moves: draft→consultation|closed, consultation→deliberation, deliberation→voting|consultation, voting→adoption|deliberation, ' +
      'adoption→implementation|deliberation, implementation→evaluation, evaluation→closed. 409 `invalid_stage_transition` for a move not in the table ' +
      'or `stage_changed` when someone moved it first; 422 when a condition fails (`another_plan_active`, `open_voting_round`, `plan_not_adopted`).',
  })
  @ApiOkResponse({ type: PlanDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  move(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: MoveStageDto) {
    return this.plans.moveStage(user, id, dto);
  }
}
