import { Act } from '../access/act.decorator';
import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { ApiProblems } from '../common/openapi';
import { CreateMeasurementDto, IndicatorDto } from './dto/indicator.dto';
import { IndicatorsService } from './indicators.service';
import { UuidParam } from '../common/validation';

@ApiTags('indicators')
@ApiBearerAuth()
@Controller('indicators')
export class IndicatorsController {
  constructor(private readonly indicators: IndicatorsService) {}

  @Act('indicator.read')
  @Get(':id')
  @ApiOperation({ summary: 'An indicator with its measurements (the trend), latest value and % of target' })
  @ApiOkResponse({ type: IndicatorDto })
  @ApiProblems(400, 401, 404)
  get(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string) {
    return this.indicators.get(user, id);
  }

  @Act('indicator.measure')
  @Post(':id/measurements')
  @ApiOperation({ summary: 'Record a dated measurement with its source (coordinators, lead agency, co-responsible organizations); one per date' })
  @ApiCreatedResponse({ type: IndicatorDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  measure(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: CreateMeasurementDto) {
    return this.indicators.addMeasurement(user, id, dto);
  }
}
