import { Act } from '../access/act.decorator';
import { AccessService } from '../access/access.service';
import { Controller, Get } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource, In, LessThan } from 'typeorm';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { ApiProblems } from '../common/openapi';
import { AppConfig } from '../config/app-config';
import { Jobs } from '../queue/jobs';
import { QueueLink } from '../queue/queue-link';
import { queueBackendName } from '../queue/backend';
import { AdminRemindersDto, ReminderRowDto } from './dto/admin-reminders.dto';
import { OPEN_STATUSES, REMINDER_STATUSES, ScheduledReminder } from './scheduled-reminder.entity';

/** Open reminders this far past their fire time count as late. */
const LATE_AFTER_MS = 2 * 60_000;

const toRow = (r: ScheduledReminder): ReminderRowDto => ({
  id: r.id,
  kind: r.kind,
  subjectType: r.subjectType,
  subjectId: r.subjectId,
  secretariatId: r.secretariatId,
  fireAt: r.fireAt,
  status: r.status,
  attempts: r.attempts,
  lastError: r.lastError,
});

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/reminders')
export class AdminRemindersController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly config: AppConfig,
    private readonly jobs: Jobs,
  ) {}

  @Act('platform.admin')
  @Get()
  @ApiOperation({ summary: 'Reminder health for platform admins: counts by status, oldest open, late ones, e-mails, queues' })
  @ApiOkResponse({ type: AdminRemindersDto })
  @ApiProblems(401, 403)
  async overview(@CurrentUser() user: AuthUser): Promise<AdminRemindersDto> {
    this.access.requireAccount(user, 'platform.admin');
    const repo = this.db.getRepository(ScheduledReminder);
    const counts = Object.fromEntries(REMINDER_STATUSES.map((s) => [s, 0])) as unknown as AdminRemindersDto['counts'];
    for (const r of await this.db.query(`SELECT status, count(*)::int AS n FROM scheduled_reminders GROUP BY status`)) {
      counts[r.status as keyof typeof counts] = r.n;
    }
    const emails = { pending: 0, sent: 0, failed: 0 };
    for (const r of await this.db.query(`SELECT status, count(*)::int AS n FROM email_deliveries GROUP BY status`)) {
      emails[r.status as keyof typeof emails] = r.n;
    }
    const lateWhere = { status: In(OPEN_STATUSES), fireAt: LessThan(new Date(Date.now() - LATE_AFTER_MS)) };
    const [oldestOpen, late, lateCount] = await Promise.all([
      repo.findOne({ where: { status: In(OPEN_STATUSES) }, order: { fireAt: 'ASC' } }),
      repo.find({ where: lateWhere, order: { fireAt: 'ASC' }, take: 20 }),
      repo.countBy(lateWhere),
    ]);
    // The queue backend may be down (that is when this page matters): answer without it.
    const queues: Record<string, Record<string, number> | null> = {};
    for (const q of (['reminders', 'emails', 'maintenance'] as const).map((n) => this.jobs.queue(n))) {
      queues[q.name] = await QueueLink.of(q).within(() => q.getJobCounts('waiting', 'delayed', 'active', 'completed', 'failed'), 2000).catch(() => null);
    }
    return {
      backend: queueBackendName(this.config),
      counts,
      oldestOpen: oldestOpen ? toRow(oldestOpen) : null,
      lateCount,
      late: late.map(toRow),
      emails,
      queues,
    };
  }
}
