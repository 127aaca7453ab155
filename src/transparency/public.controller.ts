import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../common/decorators/public.decorator';
import { ApiProblems } from '../common/openapi';
import { PublicCommitmentDetailDto, PublicPlanDto, PublicPlanPageDto, PublicPlansQuery, PublicSecretariatDto, PublicSectorResultDto } from './dto/public.dto';
import { ApiRevalidation, sendCacheable } from './http-cache';
import { PublicService } from './public.service';
import { UuidParam } from '../common/validation';

@ApiTags('public')
@ApiExtraModels(PublicSectorResultDto)
@Public()
@Controller('public')
export class PublicController {
  constructor(private readonly portal: PublicService) {}

  @Get('plans')
  @ApiOperation({
    summary: 'Published action plans (stage adoption or later), newest first, with their progress',
    description: 'No login. Filter by state (INEGI code or abbreviation) and stage; `q` searches words in the title, secretariat, municipality and state. Responses carry an ETag (304 on If-None-Match).',
  })
  @ApiOkResponse({ type: PublicPlanPageDto })
  @ApiRevalidation()
  @ApiProblems(400)
  async plans(@Query() q: PublicPlansQuery, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return sendCacheable(req, reply, await this.portal.listPlans(q));
  }

  @Get('plans/:id')
  @ApiOperation({
    summary: 'A published plan: commitments, milestones, public evidence, verified and self-reported progress, indicators, voting results',
    description: 'No login. 404 for a plan that does not exist or is not published. Public rounds show each seat\'s choice with its organization; secret rounds only counts. ETag and Last-Modified; 304 on revalidation.',
  })
  @ApiOkResponse({ type: PublicPlanDto })
  @ApiRevalidation()
  @ApiProblems(400, 404)
  async plan(@Param('id', UuidParam) id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const { body, lastModified } = await this.portal.plan(id);
    return sendCacheable(req, reply, body, lastModified);
  }

  @Get('commitments/:id')
  @ApiOperation({
    summary: 'A commitment of a published plan, with its milestones, public evidence, indicators, progress and the vote that accepted it',
    description: 'No login. 404 when the commitment does not exist or its plan is not published. ETag and Last-Modified; 304 on revalidation.',
  })
  @ApiOkResponse({ type: PublicCommitmentDetailDto })
  @ApiRevalidation()
  @ApiProblems(400, 404)
  async commitment(@Param('id', UuidParam) id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const { body, lastModified } = await this.portal.commitment(id);
    return sendCacheable(req, reply, body, lastModified);
  }

  @Get('secretariats/:id')
  @ApiOperation({
    summary: 'A secretariat with a published plan: seats by sector with their organizations, lifecycle history, published plans',
    description: 'No login. 404 when the secretariat does not exist or has no published plan (as its public audit trail). Organizations and sectors only: never the people holding a seat. ETag and Last-Modified; 304 on revalidation.',
  })
  @ApiOkResponse({ type: PublicSecretariatDto })
  @ApiRevalidation()
  @ApiProblems(400, 404)
  async secretariat(@Param('id', UuidParam) id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const { body, lastModified } = await this.portal.secretariat(id);
    return sendCacheable(req, reply, body, lastModified);
  }
}
