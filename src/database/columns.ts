import { CreateDateColumn, UpdateDateColumn } from 'typeorm';

// Millisecond precision so a created_at read into a JS Date compares equal to the stored
// value (keyset cursors depend on it).
export const CreatedAt = () => CreateDateColumn({ type: 'timestamptz', precision: 3 });
export const UpdatedAt = () => UpdateDateColumn({ type: 'timestamptz', precision: 3 });
