import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { conflict, forbidden, notFound, unprocessable } from '../common/errors/domain-error';
import { Page, paginate } from '../common/pagination';
import { canEditOrganization } from '../access/policy';
import { isUuid } from '../access/viewer';
import { CreateOrganizationDto, OrganizationQuery, UpdateOrganizationDto } from './dto/catalog.dto';
import { KINDS_BY_SECTOR, kindFitsSector, OrganizationKind } from './organization-kind';
import { Organization } from './organization.entity';
import { Sector, SECTOR_LABELS } from './sector';
import { State } from './state.entity';

// Accent- and case-insensitive matching without the unaccent extension (not in PGlite).
const FOLD_FROM = 'áéíóúüñàèìòùâêîôûäëïö';
const FOLD_TO = 'aeiouunaeiouaeiouaeio';
const fold = (sql: string) => `translate(lower(${sql}), '${FOLD_FROM}', '${FOLD_TO}')`;
const foldJs = (s: string) => [...s.toLowerCase()].map((c) => (FOLD_FROM.includes(c) ? FOLD_TO[FOLD_FROM.indexOf(c)] : c)).join('');
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function requireKindFits(kind: OrganizationKind, sector: Sector) {
  if (!kindFitsSector(kind, sector)) {
    throw unprocessable(
      'kind_sector_mismatch',
      `El tipo "${kind}" no corresponde al sector ${SECTOR_LABELS[sector]}; tipos válidos: ${KINDS_BY_SECTOR[sector].join(', ')}.`,
    );
  }
}

@Injectable()
export class CatalogService {
  constructor(@InjectDataSource() private readonly db: DataSource, private readonly audit: AuditService) {}

  states(): Promise<State[]> {
    return this.db.getRepository(State).find({ order: { code: 'ASC' } });
  }

  async stateOrFail(code: string): Promise<State> {
    const state = await this.db.getRepository(State).findOneBy({ code });
    if (!state) throw unprocessable('unknown_state', `No existe la entidad federativa con clave ${code}.`);
    return state;
  }

  listOrganizations(q: OrganizationQuery): Promise<Page<Organization>> {
    const qb = this.db.getRepository(Organization).createQueryBuilder('o');
    if (q.q) qb.andWhere(`${fold('o.name')} LIKE :q ESCAPE '\\'`, { q: `%${escapeLike(foldJs(q.q.trim()))}%` });
    if (q.sector) qb.andWhere('o.sector = :sector', { sector: q.sector });
    if (q.state) qb.andWhere('o.stateCode = :state', { state: q.state });
    return paginate(qb, q, { sortKey: 'createdAt', order: 'DESC' });
  }

  async getOrganization(id: string): Promise<Organization> {
    const org = isUuid(id) ? await this.db.getRepository(Organization).findOneBy({ id }) : null;
    if (!org) throw notFound('La organización');
    return org;
  }

  /** Platform admins anywhere; coordinators for the states of the secretariats they coordinate. */
  async createOrganization(user: AuthUser, dto: CreateOrganizationDto): Promise<Organization> {
    if (!user.isPlatformAdmin) {
      const [row] = await this.db.query(
        `SELECT 1 FROM memberships m JOIN secretariats s ON s.id = m.secretariat_id
          WHERE m.user_id = $1 AND m.ended_at IS NULL AND m.is_coordinator AND s.state_code = $2 AND s.status <> 'dissolved' LIMIT 1`,
        [user.id, dto.stateCode],
      );
      if (!row) {
        throw forbidden('organization_create_forbidden', 'Solo la administración de la plataforma o la coordinación de un secretariado de esa entidad puede registrar organizaciones.');
      }
    }
    await this.stateOrFail(dto.stateCode);
    requireKindFits(dto.kind, dto.sector);
    return this.db.transaction(async (tx) => {
      const [dup] = await tx.query(`SELECT 1 FROM organizations o WHERE o.state_code = $1 AND o.sector = $2 AND ${fold('o.name')} = $3`, [
        dto.stateCode, dto.sector, foldJs(dto.name),
      ]);
      if (dup) throw conflict('organization_exists', 'Ya existe una organización con ese nombre en ese sector y entidad.');
      const org = await tx.getRepository(Organization).save(tx.getRepository(Organization).create({ ...dto }));
      await this.audit.record(tx, {
        secretariatId: null, actorId: user.id, subjectType: 'organization', subjectId: org.id, action: 'organization.created',
        data: { name: org.name, sector: org.sector, kind: org.kind, stateCode: org.stateCode },
      });
      return org;
    });
  }

  /**
   * Platform admins; or coordinators of a secretariat of the organization's state where it
   * holds an active seat, as long as no secretariat they do not coordinate seats it too (its
   * members would see the change): those edits are for a platform admin.
   */
  async updateOrganization(user: AuthUser, id: string, dto: UpdateOrganizationDto): Promise<Organization> {
    return this.db.transaction(async (tx) => {
      const org = isUuid(id) ? await tx.getRepository(Organization).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
      if (!org) throw notFound('La organización');
      let coordinates = false;
      if (!user.isPlatformAdmin) {
        const [row] = await tx.query(
          `SELECT
             bool_or(m.id IS NOT NULL AND s.state_code = $3) AS coordinates,
             bool_or(m.id IS NULL) AS seated_elsewhere
             FROM seats st JOIN secretariats s ON s.id = st.secretariat_id
             LEFT JOIN memberships m ON m.secretariat_id = st.secretariat_id AND m.user_id = $2 AND m.ended_at IS NULL AND m.is_coordinator
            WHERE st.organization_id = $1 AND st.active`,
          [org.id, user.id, org.stateCode],
        );
        coordinates = !!row?.coordinates && !row.seated_elsewhere;
      }
      if (!canEditOrganization(user.isPlatformAdmin, coordinates)) {
        throw forbidden(
          'organization_edit_forbidden',
          'Solo la administración de la plataforma, o la coordinación del secretariado de su entidad donde tiene asiento cuando ningún otro secretariado se lo da, puede editarla.',
        );
      }
      if (dto.kind) requireKindFits(dto.kind, org.sector);
      const before = { name: org.name, kind: org.kind };
      // Only the fields sent: an absent one stays as it is, in the row and in the answer.
      Object.assign(org, Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)));
      const saved = await tx.getRepository(Organization).save(org);
      await this.audit.record(tx, {
        secretariatId: null, actorId: user.id, subjectType: 'organization', subjectId: org.id, action: 'organization.updated',
        data: { before, after: { name: saved.name, kind: saved.kind } },
      });
      return saved;
    });
  }
}
