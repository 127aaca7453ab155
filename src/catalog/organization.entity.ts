import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, UpdatedAt } from '../database/columns';
import { OrganizationKind } from './organization-kind';
import { Sector } from './sector';

/** A government body, civil-society organization or guarantor body (DESIGN §3). */
@Entity('organizations')
@Index('IDX_organizations_state_sector', ['stateCode', 'sector'])
export class Organization {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  sector: Sector;

  @Column({ type: 'text' })
  kind: OrganizationKind;

  @Column({ type: 'char', length: 2 })
  stateCode: string;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
