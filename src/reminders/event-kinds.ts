import { Injectable } from '@nestjs/common';
import { ReminderKinds } from './reminder-kinds';

/**
 * A kind of event notification (something happened, as opposed to a deadline approaching).
 * Each capability registers the kinds it emits, like reminder kinds, so preferences per kind
 * (`emailKinds`) know them and show their Spanish label.
 */
export interface EventKind {
  kind: string;
  /** Spanish label shown with notification preferences. */
  label: string;
  /** False when the capability sends its own e-mail for the event (invitations carry their token): in-app only. */
  email?: boolean;
}

/** Event kinds as registered (names shared with reminder kinds are refused: one preference per name). */
@Injectable()
export class EventKinds {
  private readonly kinds = new Map<string, EventKind>();

  constructor(private readonly reminders: ReminderKinds) {}

  register(...kinds: EventKind[]): void {
    for (const k of kinds) {
      if (this.kinds.has(k.kind) || this.reminders.get(k.kind)) throw new Error(`Notification kind "${k.kind}" is already registered`);
      this.kinds.set(k.kind, k);
    }
  }

  get(kind: string): EventKind | undefined {
    return this.kinds.get(kind);
  }

  list(): EventKind[] {
    return [...this.kinds.values()];
  }
}
