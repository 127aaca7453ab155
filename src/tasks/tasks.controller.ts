import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Act } from '../access/act.decorator';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { ApiProblems } from '../common/openapi';
import { PageQuery } from '../common/pagination';
import { MyTasksDto } from './dto/tasks.dto';
import { TasksService } from './tasks.service';

@ApiTags('me')
@ApiBearerAuth()
@Controller('me')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Act('me.read')
  @Get('tasks')
  @ApiOperation({
    summary: 'What I must do now across my secretariats, soonest deadline first (no deadline last), and my unread notification count',
    description:
      'Kinds: `ballot`, `proposal_response`, `milestone_due`, `milestone_review`, `invitation`. Each task passes the access table ' +
      '(the same rules as the action it leads to), so it disappears once done (a ballot of your seat, a response, a review) or once you may no longer do it.',
  })
  @ApiOkResponse({ type: MyTasksDto })
  @ApiProblems(400, 401)
  list(@CurrentUser() user: AuthUser, @Query() query: PageQuery): Promise<MyTasksDto> {
    return this.tasks.list(user, query);
  }
}
