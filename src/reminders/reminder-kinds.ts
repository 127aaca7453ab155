import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ScheduledReminder } from './scheduled-reminder.entity';

/** What a kind says about one reminder at the moment it fires. */
export type ReminderResolution =
  | { due: false; reason: string }
  | {
      due: true;
      /** User ids of the people who still need to act (e.g. seats that have not voted). */
      recipients: string[];
      /** One-line summary, Spanish (also the e-mail subject). */
      subject: string;
      /** What is due and when (local time), Spanish. */
      text: string;
      /** Path of the subject in the app, relative to PUBLIC_URL. */
      link: string;
      dueAt: Date;
      /** For the e-mail; when omitted the secretariat is looked up by id. */
      secretariatName?: string;
    };

export interface ReminderKind {
  kind: string;
  /** Spanish label shown with notification preferences. */
  label: string;
  /**
   * Re-reads the subject inside the sending transaction (use only `em`) and decides whether
   * the reminder is still due and to whom. Throwing makes the job retry.
   */
  resolve(em: EntityManager, row: ScheduledReminder): Promise<ReminderResolution>;
}

/**
 * Registry of reminder kinds: each capability registers its own (usually in its module's
 * constructor or onModuleInit) so the processor can ask it at send time.
 */
@Injectable()
export class ReminderKinds {
  private readonly kinds = new Map<string, ReminderKind>();

  register(kind: ReminderKind): void {
    if (this.kinds.has(kind.kind)) throw new Error(`Reminder kind "${kind.kind}" is already registered`);
    this.kinds.set(kind.kind, kind);
  }

  get(kind: string): ReminderKind | undefined {
    return this.kinds.get(kind);
  }

  list(): ReminderKind[] {
    return [...this.kinds.values()];
  }
}
