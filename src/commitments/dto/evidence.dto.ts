import { ApiActions } from '../../access/act.decorator';
import type { ActionOn } from '../../access/actions';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsString, IsUrl, IsUUID, MaxLength } from 'class-validator';
import { Optional } from '../../common/validation';

/** JSON body of POST /milestones/:id/evidence for a link (files go as multipart/form-data). */
export class LinkEvidenceDto {
  @ApiProperty({ enum: ['link'] }) @IsIn(['link'])
  kind: 'link';

  @ApiProperty({ example: 'https://transparencia.jalisco.gob.mx/informe.pdf' })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }) @MaxLength(2000)
  url: string;

  @ApiPropertyOptional({ maxLength: 2000 }) @Optional() @IsString() @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({ default: true, description: 'Shown on the transparency portal once the plan is published.' })
  @Optional() @IsBoolean()
  public?: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: 'Evidence of this milestone that the new item replaces.' })
  @Optional() @IsUUID()
  supersedesId?: string;
}

/** multipart/form-data body for a file (documentation only; parsed by EvidenceService). */
export class FileEvidenceFormDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'PDF, PNG/JPEG/GIF/WebP, Office/OpenDocument or CSV; at most 20 MB; the type is detected from the content.' })
  file: unknown;

  @ApiPropertyOptional({ maxLength: 2000 }) description?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'true' }) public?: string;
  @ApiPropertyOptional({ format: 'uuid' }) supersedesId?: string;
}

export class UpdateEvidenceDto {
  @ApiPropertyOptional({ maxLength: 2000 }) @Optional() @IsString() @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional() @Optional() @IsBoolean()
  public?: boolean;
}

export class EvidenceDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) milestoneId: string;
  @ApiProperty({ enum: ['link', 'file'] }) kind: string;
  @ApiProperty() description: string;
  @ApiProperty({ nullable: true, type: String }) url: string | null;
  @ApiProperty({ nullable: true, type: String }) fileName: string | null;
  @ApiProperty({ nullable: true, type: String }) contentType: string | null;
  @ApiProperty({ nullable: true, type: Number }) sizeBytes: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'SHA-256 of the stored file (hex).' }) sha256: string | null;
  @ApiProperty() public: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) supersededById: string | null;
  @ApiProperty({ format: 'uuid' }) uploadedById: string;
  @ApiProperty({ nullable: true, type: String, description: 'Download path for files.' }) downloadUrl: string | null;
  @ApiProperty() createdAt: Date;
  @ApiActions('evidence') actions: ActionOn<'evidence'>[];
}

export class EvidenceListDto {
  @ApiProperty({ type: [EvidenceDto] }) items: EvidenceDto[];
}

/** The text fields of a multipart upload, validated like a JSON body. */
export class FileEvidenceFieldsDto {
  @Optional() @IsString() @MaxLength(2000)
  description?: string;

  @Optional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean()
  public?: boolean;

  @Optional() @IsUUID()
  supersedesId?: string;
}
