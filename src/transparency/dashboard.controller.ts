import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../common/decorators/public.decorator';
import { DashboardService } from './dashboard.service';
import { NationalDashboardDto } from './dto/dashboard.dto';
import { ApiRevalidation, sendCacheable } from './http-cache';

@ApiTags('dashboard')
@Public()
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get('national')
  @ApiOperation({
    summary: 'National dashboard: the "Resultados" figures computed live, and progress per state',
    description: 'No login. Definitions of every figure are in the schema and in the README. ETag; 304 on If-None-Match.',
  })
  @ApiOkResponse({ type: NationalDashboardDto })
  @ApiRevalidation()
  async national(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return sendCacheable(req, reply, await this.dashboard.national());
  }
}
