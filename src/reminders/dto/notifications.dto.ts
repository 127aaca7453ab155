import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsObject, IsString, MaxLength } from 'class-validator';
import { PageQuery, PageOf } from '../../common/pagination';
import { Notification } from '../notification.entity';
import { NotificationPreference } from '../notification-preference.entity';
import { Optional } from '../../common/validation';

export class NotificationListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only unread notifications.', enum: ['true', 'false'] })
  @Optional() @IsIn(['true', 'false'])
  unread?: 'true' | 'false';
}

export class NotificationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'vote_closing' }) kind: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) secretariatId: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'voting_round' }) subjectType: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) subjectId: string | null;
  @ApiProperty({ example: 'La votación «Compromiso 3» cierra en 24 horas' }) subject: string;
  @ApiProperty({ example: 'Tu sector aún no vota. La votación cierra el 13 de marzo de 2026, 18:00 h (hora local).' }) text: string;
  @ApiProperty({ description: 'Path of the subject, relative to the app.', example: '/voting-rounds/8f0c…' }) link: string;
  @ApiProperty({ description: 'Absolute URL of the subject (PUBLIC_URL + link).' }) url: string;
  @ApiProperty({ nullable: true, type: Date, description: 'The deadline it is about.' }) dueAt: Date | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date }) readAt: Date | null;
}

export class NotificationPageDto extends PageOf(NotificationDto) {
  @ApiProperty({ description: 'Unread notifications of the caller in total.' }) unreadCount: number;
}

export class ReadAllDto {
  @ApiProperty({ description: 'How many notifications were marked read.' }) updated: number;
}

export class PreferencesDto {
  @ApiProperty({ description: 'Master switch for e-mail (in-app notifications are always created).' }) emailEnabled: boolean;
  @ApiProperty({ description: 'Per-kind e-mail switches; a missing kind means on.', example: { vote_closing: true, milestone_due: false }, type: 'object', additionalProperties: { type: 'boolean' } })
  emailKinds: Record<string, boolean>;
  @ApiProperty({ description: 'One e-mail a day at 08:00 local with everything unread, instead of one per reminder.' }) dailyDigest: boolean;
  @ApiProperty({ example: 'America/Mexico_City', description: 'IANA time zone of the daily digest.' }) timeZone: string;
  @ApiProperty({ description: 'Kinds that can be switched, with their Spanish labels.', type: 'object', additionalProperties: { type: 'string' } })
  kinds: Record<string, string>;
}

export class UpdatePreferencesDto {
  @ApiPropertyOptional() @Optional() @IsBoolean()
  emailEnabled?: boolean;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'boolean' }, example: { vote_closing: false } })
  @Optional() @IsObject()
  emailKinds?: Record<string, boolean>;

  @ApiPropertyOptional() @Optional() @IsBoolean()
  dailyDigest?: boolean;

  @ApiPropertyOptional({ example: 'America/Cancun' }) @Optional() @IsString() @MaxLength(64)
  timeZone?: string;
}

export const toNotificationDto = (n: Notification, url: (path: string) => string): NotificationDto => ({
  id: n.id,
  kind: n.kind,
  secretariatId: n.secretariatId,
  subjectType: n.subjectType,
  subjectId: n.subjectId,
  subject: n.subject,
  text: n.text,
  link: n.link,
  url: url(n.link),
  dueAt: n.dueAt,
  createdAt: n.createdAt,
  readAt: n.readAt,
});

export const toPreferencesDto = (p: NotificationPreference, kinds: Record<string, string>): PreferencesDto => ({
  emailEnabled: p.emailEnabled,
  emailKinds: p.emailKinds,
  dailyDigest: p.dailyDigest,
  timeZone: p.timeZone,
  kinds,
});
