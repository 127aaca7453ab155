import { Module } from '@nestjs/common';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

/** `GET /me/tasks`: the person's to-do list, read across capabilities through the access table. */
@Module({ controllers: [TasksController], providers: [TasksService] })
export class TasksModule {}
