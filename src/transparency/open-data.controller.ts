import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { Public } from '../common/decorators/public.decorator';
import { ApiProblems } from '../common/openapi';
import { csvRecord, CsvValue } from './csv';
import { COMMITMENT_STATUSES } from '../commitments/commitment.entity';
import { CommitmentsOpenDataQuery, MILESTONE_STATUS_FILTERS, MilestonesOpenDataQuery, OpenDataCatalogDto } from './dto/open-data.dto';
import { COMMITMENT_COLUMNS, jsonSchemaOf, MILESTONE_COLUMNS, OpenDataColumn } from './open-data.columns';
import { OpenDataService } from './open-data.service';

/** Batches of records: each is written as one chunk, not one per record. */
type Batches = AsyncGenerator<Record<string, unknown>[]>;

const CSV_DOC = (what: string, columns: readonly OpenDataColumn[]) =>
  `${what} of published plans (stage adoption or later) as CSV: UTF-8, header row, RFC 4180 quoting, CRLF, ISO 8601 dates, ` +
  `lists joined by " | ", text cells starting with = + - @ prefixed with an apostrophe. Streamed. Columns: ${columns.map((c) => c.name).join(', ')}.`;

@ApiTags('open-data')
@Public()
@Controller('open-data')
export class OpenDataController {
  constructor(private readonly openData: OpenDataService) {}

  @Get()
  @ApiOperation({
    summary: 'What the open-data files hold: their addresses, status filters and columns (name, type, meaning in Spanish)',
    description: 'The same lists the exports write, so a page describing them never drifts from the files.',
  })
  @ApiOkResponse({ type: OpenDataCatalogDto })
  catalog(): OpenDataCatalogDto {
    const set = (name: string, statuses: readonly string[], columns: readonly OpenDataColumn[]) => ({
      name,
      csv: `/api/v1/open-data/${name}.csv`,
      json: `/api/v1/open-data/${name}.json`,
      statuses: [...statuses],
      columns: columns.map((c) => ({ ...c })),
    });
    return { datasets: [set('commitments', COMMITMENT_STATUSES, COMMITMENT_COLUMNS), set('milestones', MILESTONE_STATUS_FILTERS, MILESTONE_COLUMNS)] };
  }

  @Get('commitments.csv')
  @ApiOperation({ summary: 'Commitments as CSV (open data)', description: CSV_DOC('Commitments', COMMITMENT_COLUMNS) })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV file', schema: { type: 'string' } })
  @ApiProblems(400)
  async commitmentsCsv(@Query() q: CommitmentsOpenDataQuery, @Res() reply: FastifyReply) {
    return sendCsv(reply, 'compromisos', COMMITMENT_COLUMNS, await this.openData.commitments(q), q.bom);
  }

  @Get('commitments.json')
  @ApiOperation({ summary: 'Commitments as JSON (open data)', description: 'The same records as the CSV, as an array of objects with typed values (numbers, booleans, arrays, null). Streamed.' })
  @ApiOkResponse({ description: 'Array of commitment records', schema: jsonSchemaOf(COMMITMENT_COLUMNS) })
  @ApiProblems(400)
  async commitmentsJson(@Query() q: CommitmentsOpenDataQuery, @Res() reply: FastifyReply) {
    return sendJson(reply, 'compromisos', await this.openData.commitments(q));
  }

  @Get('milestones.csv')
  @ApiOperation({ summary: 'Milestones as CSV (open data)', description: CSV_DOC('Milestones', MILESTONE_COLUMNS) })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV file', schema: { type: 'string' } })
  @ApiProblems(400)
  async milestonesCsv(@Query() q: MilestonesOpenDataQuery, @Res() reply: FastifyReply) {
    return sendCsv(reply, 'hitos', MILESTONE_COLUMNS, await this.openData.milestones(q), q.bom);
  }

  @Get('milestones.json')
  @ApiOperation({ summary: 'Milestones as JSON (open data)', description: 'The same records as the CSV, as an array of objects with typed values. Streamed.' })
  @ApiOkResponse({ description: 'Array of milestone records', schema: jsonSchemaOf(MILESTONE_COLUMNS) })
  @ApiProblems(400)
  async milestonesJson(@Query() q: MilestonesOpenDataQuery, @Res() reply: FastifyReply) {
    return sendJson(reply, 'hitos', await this.openData.milestones(q));
  }
}

function sendCsv(reply: FastifyReply, name: string, columns: readonly OpenDataColumn[], batches: Batches, bom = false) {
  async function* chunks() {
    yield (bom ? '\uFEFF' : '') + csvRecord(columns.map((c) => c.name));
    for await (const rows of batches) if (rows.length) yield rows.map((row) => csvRecord(columns.map((c) => row[c.name] as CsvValue))).join('');
  }
  return reply
    .type('text/csv; charset=utf-8; header=present')
    .header('Content-Disposition', `attachment; filename="${name}.csv"`)
    .header('Cache-Control', 'public, no-cache')
    .send(Readable.from(chunks()));
}

function sendJson(reply: FastifyReply, name: string, batches: Batches) {
  async function* chunks() {
    yield '[';
    let first = true;
    for await (const rows of batches) {
      if (!rows.length) continue;
      yield (first ? '\n' : ',\n') + rows.map((row) => JSON.stringify(row)).join(',\n');
      first = false;
    }
    yield first ? ']\n' : '\n]\n';
  }
  return reply
    .type('application/json; charset=utf-8')
    .header('Content-Disposition', `inline; filename="${name}.json"`)
    .header('Cache-Control', 'public, no-cache')
    .send(Readable.from(chunks()));
}
