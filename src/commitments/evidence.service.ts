import { Injectable, StreamableFile, ValidationPipe } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import { actionsOn, SecretariatContext } from '../access/actions';
import { MilestoneSubject } from '../access/subjects';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { badRequest, conflict, DomainError, notFound } from '../common/errors/domain-error';
import { validationError } from '../common/errors/validation';
import { PUBLISHED_PLAN_STAGES } from '../plans/plan-stages';
import { CommitmentsService } from './commitments.service';
import { EvidenceDto, FileEvidenceFieldsDto, LinkEvidenceDto, UpdateEvidenceDto } from './dto/evidence.dto';
import { EvidenceStorage, ReceivedFile } from './evidence-storage';
import { Evidence } from './evidence.entity';
import { sniffFile } from './file-type';
import { EVIDENCE_REMOVABLE_STATUSES } from './milestone-states';
import { Milestone } from './milestone.entity';
import { STATUS_LABELS } from './milestones.service';

export const MAX_EVIDENCE_BYTES = 20 * 1024 * 1024;
const MAX_NAME_LENGTH = 200;

/** The evidence with what the caller may do on it (the milestone's facts and the caller's context). */
export function toEvidenceDto(e: Evidence, m: MilestoneSubject, ctx: SecretariatContext, supersedesAnother: boolean): EvidenceDto {
  const subject = {
    id: e.id, secretariatId: e.secretariatId, milestoneId: m.id, planStage: m.planStage, milestoneStatus: m.status,
    responsibleOrganizationId: m.responsibleOrganizationId, supersedesAnother,
  };
  return {
    id: e.id,
    milestoneId: e.milestoneId,
    kind: e.kind,
    description: e.description,
    url: e.url,
    fileName: e.fileName,
    contentType: e.contentType,
    sizeBytes: e.sizeBytes,
    sha256: e.sha256,
    public: e.public,
    supersededById: e.supersededById,
    uploadedById: e.uploadedById,
    downloadUrl: e.kind === 'file' ? `/api/v1/evidence/${e.id}/file` : null,
    createdAt: e.createdAt,
    actions: actionsOn('evidence', subject, ctx),
  };
}

/**
 * An uploaded name is only a label (storage keys are ours), but a name that tries to be a
 * path, hides control characters or is empty is refused rather than silently rewritten.
 */
export function checkFileName(raw: string | undefined): string {
  // Bidirectional controls (e.g. U+202E) make "gpj.exe" read as "exe.jpg": dropped, they are never part of a name.
  const name = (raw ?? '').normalize('NFC').replace(/[\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, '').trim();
  if (!name) throw badRequest('evidence_file_name_invalid', 'El archivo debe tener un nombre.');
  if (name.length > MAX_NAME_LENGTH) throw badRequest('evidence_file_name_invalid', `El nombre del archivo admite hasta ${MAX_NAME_LENGTH} caracteres.`);
  // eslint-disable-next-line no-control-regex
  if (/[/\\\u0000-\u001f\u007f]/.test(name) || name === '.' || name === '..' || name.startsWith('..')) {
    throw badRequest('evidence_file_name_invalid', 'El nombre del archivo no puede contener rutas ni caracteres de control.');
  }
  return name;
}

/** The uploaded name with the extension of the detected type. */
const withExtension = (name: string, extension: string) => {
  const dot = name.lastIndexOf('.');
  return `${dot > 0 ? name.slice(0, dot) : name}.${extension}`;
};

/** `attachment` with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** The global pipe's options, for bodies the controller cannot declare (multipart fields, the JSON branch of evidence). */
export const evidenceBodyPipe = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, exceptionFactory: validationError });

@Injectable()
export class EvidenceService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly commitments: CommitmentsService,
    private readonly access: AccessService,
    private readonly storage: EvidenceStorage,
    private readonly audit: AuditService,
  ) {}

  async list(user: AuthUser, milestoneId: string): Promise<EvidenceDto[]> {
    const { subject, ctx } = await this.access.require(user, 'milestone.read', milestoneId);
    const rows = await this.db.getRepository(Evidence).find({ where: { milestoneId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map((e) => toEvidenceDto(e, subject, ctx, rows.some((o) => o.supersededById === e.id)));
  }

  /** The DTO of one item, read fresh (after a change). */
  private async dto(user: AuthUser, e: Evidence): Promise<EvidenceDto> {
    const { subject, ctx } = await this.access.see(user, 'milestone', e.milestoneId);
    return toEvidenceDto(e, subject, ctx, await this.db.getRepository(Evidence).existsBy({ supersededById: e.id }));
  }

  async addLink(user: AuthUser, milestoneId: string, dto: LinkEvidenceDto): Promise<EvidenceDto> {
    const { subject: milestone } = await this.access.require(user, 'evidence.add', milestoneId);
    const saved = await this.db.transaction((tx) =>
      this.insert(tx, user, milestone, { kind: 'link', url: dto.url, description: dto.description ?? '', public: dto.public ?? true }, dto.supersedesId),
    );
    return this.dto(user, saved);
  }

  /**
   * A multipart upload: one `file` part (and optional description / public / supersedesId
   * fields). Authorization is checked before a byte is stored; the file goes to a temp file,
   * its type is detected from the content, and it is renamed into place inside the
   * transaction that writes its row, so nothing half-written survives a failure.
   */
  async addFile(user: AuthUser, milestoneId: string, req: FastifyRequest): Promise<EvidenceDto> {
    const { subject: milestone } = await this.access.require(user, 'evidence.add', milestoneId);
    if (!req.isMultipart()) throw badRequest('multipart_required', 'Envía el archivo como multipart/form-data.');

    const fields: Record<string, string> = {};
    let received: (ReceivedFile & { name: string }) | null = null;
    try {
      // preservePath: see the name as sent, so a path in it is refused instead of silently cut.
      const parts = req.parts({ preservePath: true, limits: { fileSize: MAX_EVIDENCE_BYTES, files: 1, fields: 5, fieldSize: 4096, parts: 6 } });
      for await (const part of parts) {
        if (part.type === 'file') {
          if (part.fieldname !== 'file') throw badRequest('evidence_unexpected_file', 'El archivo debe enviarse en el campo "file".');
          const name = checkFileName(part.filename);
          const file = await this.storage.receive(part.file);
          received = { ...file, name };
        } else {
          fields[part.fieldname] = String(part.value);
        }
      }
    } catch (error) {
      if (received) await this.storage.discard(received.tmpPath);
      throw uploadError(error);
    }
    if (!received) throw badRequest('evidence_file_missing', 'Falta el archivo (campo "file").');

    const tmpPath = received.tmpPath;
    const key = `${received.sha256.slice(0, 2)}/${randomUUID()}`;
    try {
      if (received.size === 0) throw badRequest('evidence_file_empty', 'El archivo está vacío.');
      const type = await sniffFile(tmpPath, received.name);
      if (!type) {
        throw badRequest(
          'evidence_type_not_allowed',
          'El contenido del archivo no es de un tipo admitido (PDF, imagen PNG/JPEG/GIF/WebP, documento de Office u OpenDocument, o CSV).',
        );
      }
      const meta: FileEvidenceFieldsDto = await evidenceBodyPipe.transform(fields, { type: 'body', metatype: FileEvidenceFieldsDto });
      const saved = await this.db.transaction(async (tx) => {
        const row = await this.insert(
          tx,
          user,
          milestone,
          {
            kind: 'file',
            description: meta.description ?? '',
            public: meta.public ?? true,
            fileName: withExtension(received!.name, type.extension),
            contentType: type.mime,
            sizeBytes: received!.size,
            sha256: received!.sha256,
            storageKey: key,
          },
          meta.supersedesId,
        );
        await this.storage.commit(tmpPath, key);
        return row;
      });
      return await this.dto(user, saved);
    } catch (error) {
      await this.storage.remove(key);
      throw error;
    } finally {
      await this.storage.discard(tmpPath);
    }
  }

  /**
   * Writes an evidence row. While the milestone is being worked on (in progress, returned)
   * anything may be added; once submitted or approved only a replacement of an existing item
   * (`supersedesId`), which stays on record marked as superseded.
   */
  private async insert(tx: EntityManager, user: AuthUser, seen: MilestoneSubject, values: Partial<Evidence>, supersedesId?: string): Promise<Evidence> {
    await this.commitments.lock(tx, seen.commitmentId);
    const milestone = await tx.getRepository(Milestone).findOneByOrFail({ id: seen.id });
    const locked = !EVIDENCE_REMOVABLE_STATUSES.includes(milestone.status);
    if (locked && !supersedesId) {
      throw conflict('evidence_locked', `El hito está ${STATUS_LABELS[milestone.status]}: su evidencia solo puede sustituirse (indica supersedesId).`);
    }
    const repo = tx.getRepository(Evidence);
    const row = await repo.save(repo.create({ ...values, milestoneId: milestone.id, secretariatId: milestone.secretariatId, uploadedById: user.id }));
    if (supersedesId) {
      const result = await tx
        .createQueryBuilder()
        .update(Evidence)
        .set({ supersededById: row.id })
        .where('id = :id AND milestone_id = :milestoneId AND superseded_by_id IS NULL', { id: supersedesId, milestoneId: milestone.id })
        .execute();
      if (!result.affected) throw conflict('evidence_not_supersedable', 'La evidencia a sustituir no existe en este hito o ya fue sustituida.');
    }
    await this.audit.record(tx, {
      secretariatId: milestone.secretariatId,
      actorId: user.id,
      subjectType: 'evidence',
      subjectId: row.id,
      action: supersedesId ? 'evidence.superseded' : 'evidence.added',
      data: { milestoneId: milestone.id, kind: row.kind, sha256: row.sha256, contentType: row.contentType, sizeBytes: row.sizeBytes, url: row.url, public: row.public, supersedesId: supersedesId ?? null },
    });
    return row;
  }

  /** Description and the public flag, by the responsible organization or coordinators. */
  async update(user: AuthUser, evidenceId: string, dto: UpdateEvidenceDto): Promise<EvidenceDto> {
    await this.access.require(user, 'evidence.update', evidenceId);
    const evidence = await this.db.getRepository(Evidence).findOneByOrFail({ id: evidenceId });
    const saved = await this.db.transaction(async (tx) => {
      const changes: Partial<Evidence> = {};
      if (dto.description !== undefined && dto.description !== evidence.description) changes.description = dto.description;
      if (dto.public !== undefined && dto.public !== evidence.public) changes.public = dto.public;
      if (!Object.keys(changes).length) return evidence;
      await tx.getRepository(Evidence).update({ id: evidence.id }, changes);
      await this.audit.record(tx, {
        secretariatId: evidence.secretariatId,
        actorId: user.id,
        subjectType: 'evidence',
        subjectId: evidence.id,
        action: 'evidence.updated',
        data: { milestoneId: evidence.milestoneId, ...changes },
      });
      return tx.getRepository(Evidence).findOneByOrFail({ id: evidence.id });
    });
    return this.dto(user, saved);
  }

  /** Removal while the milestone is being worked on; afterwards 409 (supersede instead). */
  async remove(user: AuthUser, evidenceId: string): Promise<void> {
    const { subject } = await this.access.require(user, 'evidence.remove', evidenceId);
    const evidence = await this.db.getRepository(Evidence).findOneByOrFail({ id: evidenceId });
    await this.db.transaction(async (tx) => {
      // Under the commitment's lock the milestone cannot move: the rule is re-applied to what is locked.
      await this.commitments.lock(tx, (await tx.getRepository(Milestone).findOneByOrFail({ id: subject.milestoneId })).commitmentId);
      await this.access.require(user, 'evidence.remove', evidenceId, tx);
      const result = await tx.getRepository(Evidence).delete({ id: evidence.id });
      if (!result.affected) throw notFound('La evidencia');
      await this.audit.record(tx, {
        secretariatId: evidence.secretariatId,
        actorId: user.id,
        subjectType: 'evidence',
        subjectId: evidence.id,
        action: 'evidence.removed',
        data: { milestoneId: evidence.milestoneId, kind: evidence.kind, sha256: evidence.sha256, url: evidence.url },
      });
    });
    if (evidence.storageKey) await this.storage.remove(evidence.storageKey);
  }

  /**
   * The stored file. Members (and platform admins) of the secretariat get any item; anyone,
   * without login, gets items marked public once the plan is published (DESIGN §6).
   */
  async download(user: AuthUser | undefined, evidenceId: string): Promise<StreamableFile> {
    const evidence = await this.db.getRepository(Evidence).findOneBy({ id: evidenceId });
    if (!evidence || evidence.kind !== 'file' || !evidence.storageKey) throw notFound('El archivo de evidencia');
    if (!(await this.canRead(user, evidence))) throw notFound('El archivo de evidencia');
    const stream = await this.storage.open(evidence.storageKey);
    if (!stream) throw notFound('El archivo de evidencia');
    return new StreamableFile(stream, {
      type: evidence.contentType!,
      disposition: contentDisposition(evidence.fileName ?? 'evidencia'),
      length: evidence.sizeBytes ?? undefined,
    });
  }

  private async canRead(user: AuthUser | undefined, evidence: Evidence): Promise<boolean> {
    if (user && (user.isPlatformAdmin || (await this.access.memberContext(user.id, evidence.secretariatId)))) return true;
    if (!evidence.public) return false;
    const [row] = await this.db.query(
      'SELECT p.stage FROM milestones m JOIN commitments c ON c.id = m.commitment_id JOIN action_plans p ON p.id = c.plan_id WHERE m.id = $1',
      [evidence.milestoneId],
    );
    return !!row && PUBLISHED_PLAN_STAGES.includes(row.stage);
  }
}

/** Multipart limit errors become 400s the uploader can act on. */
function uploadError(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  const code = (error as { code?: string })?.code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return badRequest('evidence_too_large', `El archivo excede el máximo de ${MAX_EVIDENCE_BYTES / 1024 / 1024} MB.`);
  if (code === 'FST_FILES_LIMIT') return badRequest('evidence_too_many_files', 'Envía un archivo por solicitud.');
  if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') return badRequest('evidence_too_many_fields', 'La solicitud tiene demasiados campos.');
  if (code === 'FST_PROTO_VIOLATION') return badRequest('evidence_field_invalid', 'Nombre de campo no permitido.');
  if (code === 'FST_MP_PREMATURE_CLOSE') return badRequest('evidence_upload_aborted', 'La carga se interrumpió antes de terminar.');
  // A failing disk (ENOSPC, EACCES…) is ours; anything else the parser throws (no or bad
  // boundary, truncated body, malformed headers) is a broken request.
  if ((error as { syscall?: string })?.syscall) return error;
  return badRequest('multipart_invalid', 'El cuerpo multipart/form-data está incompleto o mal formado.');
}
