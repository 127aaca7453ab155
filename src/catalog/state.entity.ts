import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One of the 32 entidades federativas (DESIGN §3), loaded by a migration. */
@Entity('states')
@Index('UQ_states_abbreviation', ['abbreviation'], { unique: true })
export class State {
  /** INEGI code, '01'..'32'. */
  @PrimaryColumn({ type: 'char', length: 2 })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  abbreviation: string;

  /** IANA zone: a due date ends at midnight here. */
  @Column({ type: 'text' })
  timeZone: string;
}
