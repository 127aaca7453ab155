/**
 * Job ids and retention of the reminders capability's jobs (`reminder`, `email`, `reconcile`
 * in src/queue/jobs.ts); the `maintenance` queue holds the `reconciler` job scheduler (one job
 * per interval, whichever worker takes it).
 */
export const reminderJobId = (rowId: string) => `reminder-${rowId}`;
export const emailJobId = (deliveryId: string) => `email-${deliveryId}`;

/** Failed jobs stay visible (bull-board, /admin/reminders) for a month, up to this many. */
export const KEEP_FAILED = { age: 30 * 24 * 3600, count: 5000 };
export const KEEP_COMPLETED = { age: 24 * 3600, count: 1000 };
