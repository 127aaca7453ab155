import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Sector } from '../catalog/sector';
import { CreatedAt, UpdatedAt } from '../database/columns';
import { SecretariatRules } from './rules';
import { SecretariatStatus } from './secretariat-status';

/**
 * A Secretariado Técnico Local (DESIGN §3): one per state, or per municipality. A dissolved
 * secretariat frees its place so a new one can be formed.
 */
@Entity('secretariats')
@Index('UQ_secretariats_state', ['stateCode'], { unique: true, where: `"municipality" IS NULL AND "status" <> 'dissolved'` })
@Index('UQ_secretariats_state_municipality', ['stateCode', 'municipality'], {
  unique: true,
  where: `"municipality" IS NOT NULL AND "status" <> 'dissolved'`,
})
export class Secretariat {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'char', length: 2 })
  stateCode: string;

  @Column({ type: 'text', nullable: true })
  municipality: string | null;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', default: 'promoting' })
  status: SecretariatStatus;

  /** Date of the Declaratoria conjunta. */
  @Column({ type: 'timestamptz', nullable: true })
  declaredAt: Date | null;

  @Column({ type: 'text', nullable: true })
  declarationDocumentUrl: string | null;

  /** Date of the acta de instalación. */
  @Column({ type: 'timestamptz', nullable: true })
  installedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  installationDocumentUrl: string | null;

  /** While suspended: the sector that withdrew and why. */
  @Column({ type: 'text', nullable: true })
  suspendedSector: Sector | null;

  @Column({ type: 'text', nullable: true })
  suspensionReason: string | null;

  /** Lineamientos; read through effectiveRules() so missing keys get their defaults. */
  @Column({ type: 'jsonb', default: () => `'{}'` })
  rules: Partial<SecretariatRules>;

  /** Bumped on every change; transitions and PATCH are conditional on it. */
  @Column({ type: 'int', default: 1 })
  version: number;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
