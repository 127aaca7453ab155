import { ApiProperty } from '@nestjs/swagger';

export class ReminderCountsDto {
  @ApiProperty() pending: number;
  @ApiProperty() enqueued: number;
  @ApiProperty() sent: number;
  @ApiProperty() cancelled: number;
  @ApiProperty() skipped: number;
}

export class ReminderRowDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() kind: string;
  @ApiProperty() subjectType: string;
  @ApiProperty({ format: 'uuid' }) subjectId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) secretariatId: string | null;
  @ApiProperty() fireAt: Date;
  @ApiProperty() status: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
}

export class EmailCountsDto {
  @ApiProperty() pending: number;
  @ApiProperty() sent: number;
  @ApiProperty() failed: number;
}

export class AdminRemindersDto {
  @ApiProperty({ enum: ['redis', 'postgres'], description: 'Where BullMQ keeps the jobs.' }) backend: 'redis' | 'postgres';
  @ApiProperty({ type: ReminderCountsDto }) counts: ReminderCountsDto;
  @ApiProperty({ type: ReminderRowDto, nullable: true, description: 'The open reminder with the earliest fire time.' }) oldestOpen: ReminderRowDto | null;
  @ApiProperty({ description: 'Open reminders more than 2 minutes past their fire time.' }) lateCount: number;
  @ApiProperty({ type: [ReminderRowDto], description: 'Up to 20 of them, most late first.' }) late: ReminderRowDto[];
  @ApiProperty({ type: EmailCountsDto }) emails: EmailCountsDto;
  @ApiProperty({ description: 'BullMQ job counts per queue (waiting, delayed, active, failed, …); null when the queue backend does not answer within 2 s.', type: 'object', additionalProperties: true })
  queues: Record<string, Record<string, number> | null>;
}
