import { Act } from '../access/act.decorator';
import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { Public } from '../common/decorators/public.decorator';
import { ApiProblems } from '../common/openapi';
import { CatalogService } from './catalog.service';
import { CreateOrganizationDto, OrganizationDto, OrganizationPageDto, OrganizationQuery, StateDto, UpdateOrganizationDto } from './dto/catalog.dto';
import { UuidParam } from '../common/validation';

@ApiTags('catalog')
@Controller()
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Public()
  @Get('states')
  @ApiOperation({ summary: 'The 32 states (INEGI code, name, abbreviation, IANA time zone)' })
  @ApiOkResponse({ type: [StateDto] })
  states(): Promise<StateDto[]> {
    return this.catalog.states();
  }

  @Public()
  @Get('organizations')
  @ApiOperation({ summary: 'Search organizations (public: they are public bodies and registered OSC)' })
  @ApiOkResponse({ type: OrganizationPageDto })
  @ApiProblems(400)
  list(@Query() query: OrganizationQuery): Promise<OrganizationPageDto> {
    return this.catalog.listOrganizations(query);
  }

  @Public()
  @Get('organizations/:id')
  @ApiOperation({ summary: 'One organization' })
  @ApiOkResponse({ type: OrganizationDto })
  @ApiProblems(400, 404)
  get(@Param('id', UuidParam) id: string): Promise<OrganizationDto> {
    return this.catalog.getOrganization(id);
  }

  @ApiBearerAuth()
  @Act('organization.create')
  @Post('organizations')
  @ApiOperation({ summary: 'Register an organization (platform admins; coordinators of a secretariat in that state)' })
  @ApiCreatedResponse({ type: OrganizationDto })
  @ApiProblems(400, 401, 403, 409, 422)
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateOrganizationDto): Promise<OrganizationDto> {
    return this.catalog.createOrganization(user, dto);
  }

  @ApiBearerAuth()
  @Act('organization.update')
  @Patch('organizations/:id')
  @ApiOperation({ summary: 'Edit name or kind (platform admins; coordinators of a secretariat of its state where it holds a seat, when no other secretariat seats it)' })
  @ApiOkResponse({ type: OrganizationDto })
  @ApiProblems(400, 401, 403, 404, 422)
  update(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: UpdateOrganizationDto): Promise<OrganizationDto> {
    return this.catalog.updateOrganization(user, id, dto);
  }
}
