import { Act } from '../access/act.decorator';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { ApiProblems } from '../common/openapi';
import {
  NotificationDto,
  NotificationListQuery,
  NotificationPageDto,
  PreferencesDto,
  ReadAllDto,
  toNotificationDto,
  toPreferencesDto,
  UpdatePreferencesDto,
} from './dto/notifications.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Act('notification.manage')
  @Get()
  @ApiOperation({ summary: 'My notifications: unread first, then newest first (cursor pagination)' })
  @ApiOkResponse({ type: NotificationPageDto })
  @ApiProblems(400, 401)
  async list(@CurrentUser() user: AuthUser, @Query() query: NotificationListQuery): Promise<NotificationPageDto> {
    const page = await this.notifications.list(user.id, query, query.unread === 'true');
    return { ...page, items: page.items.map((n) => toNotificationDto(n, (p) => this.notifications.url(p))) };
  }

  @Act('notification.manage')
  @Get('preferences')
  @ApiOperation({ summary: 'My e-mail preferences (per kind, daily digest)' })
  @ApiOkResponse({ type: PreferencesDto })
  @ApiProblems(401)
  async preferences(@CurrentUser() user: AuthUser): Promise<PreferencesDto> {
    return toPreferencesDto(await this.notifications.preferences(user.id), this.kindLabels());
  }

  @Act('notification.manage')
  @Put('preferences')
  @ApiOperation({ summary: 'Change my e-mail preferences; omitted fields keep their value' })
  @ApiOkResponse({ type: PreferencesDto })
  @ApiProblems(400, 401, 422)
  async updatePreferences(@CurrentUser() user: AuthUser, @Body() dto: UpdatePreferencesDto): Promise<PreferencesDto> {
    return toPreferencesDto(await this.notifications.updatePreferences(user.id, dto), this.kindLabels());
  }

  @Act('notification.manage')
  @Post('read-all')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark all my notifications read' })
  @ApiOkResponse({ type: ReadAllDto })
  @ApiProblems(401)
  async readAll(@CurrentUser() user: AuthUser): Promise<ReadAllDto> {
    return { updated: await this.notifications.markAllRead(user.id) };
  }

  @Act('notification.manage')
  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one of my notifications read (404 for anyone else\'s)' })
  @ApiOkResponse({ type: NotificationDto })
  @ApiProblems(401, 404)
  async read(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<NotificationDto> {
    return toNotificationDto(await this.notifications.markRead(user.id, id), (p) => this.notifications.url(p));
  }

  private kindLabels(): Record<string, string> {
    return this.notifications.kindLabels();
  }
}
