import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiActions } from '../../access/act.decorator';
import type { ActionOn } from '../../access/actions';
import { IsUUID } from 'class-validator';
import { LIMITS } from '../proposal-template';
import { Optional, Text } from '../../common/validation';
import { PageOf } from '../../common/pagination';

export class CreateCommentDto {
  @ApiProperty({ maxLength: LIMITS.comment })
  @Text(LIMITS.comment)
  body: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Reply to this top-level comment (threads are one level deep).' })
  @Optional() @IsUUID('all')
  parentId?: string;
}

export class EditCommentDto {
  @ApiProperty({ maxLength: LIMITS.comment })
  @Text(LIMITS.comment)
  body: string;
}

export class HideCommentDto {
  @ApiProperty({ maxLength: 1000, description: 'Why it is hidden (kept with the comment for audit).' })
  @Text(1000)
  reason: string;
}

export class CommentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) proposalId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) parentId: string | null;
  @ApiProperty({ format: 'uuid' }) authorId: string;
  @ApiProperty({ description: "The author's name as shown in the thread." }) authorName: string;
  @ApiProperty({ type: String, nullable: true, description: 'Null when deleted, or hidden (except for coordinators).' }) body: string | null;
  @ApiProperty({ type: Date, nullable: true }) editedAt: Date | null;
  @ApiProperty() deleted: boolean;
  @ApiProperty() hidden: boolean;
  @ApiProperty({ type: String, nullable: true }) hiddenReason: string | null;
  @ApiProperty() createdAt: Date;
  @ApiActions('comment') actions: ActionOn<'comment'>[];
}

export class CommentThreadDto extends CommentDto {
  @ApiProperty({ type: [CommentDto] }) replies: CommentDto[];
}

export class CommentPageDto extends PageOf(CommentThreadDto) {}
