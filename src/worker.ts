// Job processors only (reminders, vote closing, reconciler); needs DATABASE_URL.
import { run } from './bootstrap';

void run({ http: false, workers: true });
