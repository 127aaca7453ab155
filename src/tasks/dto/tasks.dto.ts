import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '../../common/pagination';

/** What a task asks of the person (DESIGN §5 deadlines, seen from the person's side). */
export const TASK_KINDS = ['ballot', 'proposal_response', 'milestone_due', 'milestone_review', 'invitation'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
export const TASK_SUBJECT_TYPES = ['voting_round', 'proposal', 'milestone', 'invitation'] as const;
export type TaskSubjectType = (typeof TASK_SUBJECT_TYPES)[number];

export class TaskDto {
  @ApiProperty({
    enum: TASK_KINDS,
    enumName: 'TaskKind',
    description:
      '`ballot`: an open round where your seat has not voted; `proposal_response`: a submitted proposal awaiting the reasoned response (coordinators); ' +
      '`milestone_due`: a milestone of your organization due within the reminder window or overdue; `milestone_review`: a submitted milestone you may review (guarantor); ' +
      '`invitation`: a pending invitation to your e-mail.',
  })
  kind: TaskKind;

  @ApiProperty({ format: 'uuid' }) secretariatId: string;
  @ApiProperty({ example: 'Secretariado Técnico Local de Gobierno Abierto de Oaxaca' }) secretariatName: string;
  @ApiProperty({ enum: TASK_SUBJECT_TYPES, enumName: 'TaskSubjectType' }) subjectType: TaskSubjectType;
  @ApiProperty({ format: 'uuid' }) subjectId: string;
  @ApiProperty({ example: 'Vota: «Padrón abierto de beneficiarios»', description: 'What to do, in Spanish.' }) title: string;
  @ApiProperty({
    type: Date,
    nullable: true,
    description:
      'The deadline: the round closes (`ballot`), the response is due (`proposal_response`), the milestone is due (`milestone_due`), ' +
      'the review reminder is due (`milestone_review`: submitted + `reviewPendingDays`), the invitation expires (`invitation`). Null: no deadline.',
  })
  dueAt: Date | null;
  @ApiProperty({ description: 'The deadline passed (a late response, an overdue milestone, a review waiting longer than the rules say).' }) overdue: boolean;
  @ApiProperty({ example: '/votaciones/8c1e…', description: 'Page of the web app where it is done, relative to the site.' }) link: string;
}

export class MyTasksDto extends PageOf(TaskDto) {
  @ApiProperty({ description: 'Your unread notifications (all of them, not only this page).' }) unreadNotifications: number;
}
