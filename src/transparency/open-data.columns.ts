/**
 * The open-data columns, in order: the CSV header, the keys of each JSON object and the
 * README tables come from these lists. They are a published contract: add columns at the
 * end, never rename or remove one.
 */
export type ColumnType = 'uuid' | 'text' | 'integer' | 'boolean' | 'date' | 'datetime' | 'list';

export interface OpenDataColumn {
  name: string;
  type: ColumnType;
  description: string;
}

export const COMMITMENT_COLUMNS: readonly OpenDataColumn[] = [
  { name: 'commitment_id', type: 'uuid', description: 'Identificador del compromiso' },
  { name: 'code', type: 'text', description: 'Clave del compromiso, p. ej. `OAX-2019-01`' },
  { name: 'title', type: 'text', description: 'Título' },
  { name: 'state_code', type: 'text', description: 'Clave INEGI de la entidad federativa (01–32)' },
  { name: 'state_name', type: 'text', description: 'Entidad federativa' },
  { name: 'secretariat_id', type: 'uuid', description: 'Secretariado Técnico Local' },
  { name: 'secretariat_name', type: 'text', description: 'Nombre del secretariado' },
  { name: 'plan_id', type: 'uuid', description: 'Plan de Acción Local' },
  { name: 'plan_title', type: 'text', description: 'Título del plan' },
  { name: 'plan_period_start', type: 'integer', description: 'Primer año del periodo del plan' },
  { name: 'plan_period_end', type: 'integer', description: 'Último año del periodo del plan' },
  { name: 'plan_stage', type: 'text', description: '`adoption`, `implementation`, `evaluation` o `closed`' },
  { name: 'status', type: 'text', description: '`not_started`, `in_progress`, `completed` o `withdrawn`' },
  { name: 'completion', type: 'text', description: 'Nivel de cumplimiento MRI según el avance verificado: `not_started` (0), `limited` (1–49), `substantial` (50–99), `complete` (100)' },
  { name: 'verified_progress', type: 'integer', description: 'Avance verificado: suma de pesos de hitos aprobados por el organismo garante (0–100)' },
  { name: 'self_reported_progress', type: 'integer', description: 'Avance reportado: suma de pesos de hitos aprobados y enviados a revisión (0–100)' },
  { name: 'milestones', type: 'integer', description: 'Número de hitos' },
  { name: 'milestones_approved', type: 'integer', description: 'Hitos aprobados' },
  { name: 'milestones_overdue', type: 'integer', description: 'Hitos vencidos (fecha límite pasada y sin aprobar) al momento de la descarga' },
  { name: 'start_date', type: 'date', description: 'Fecha de inicio (AAAA-MM-DD)' },
  { name: 'end_date', type: 'date', description: 'Fecha de término (AAAA-MM-DD)' },
  { name: 'lead_agency', type: 'text', description: 'Dependencia responsable' },
  { name: 'co_responsible_organizations', type: 'list', description: 'Organizaciones corresponsables' },
  { name: 'ogp_values', type: 'list', description: 'Valores AGA: `access_to_information`, `civic_participation`, `public_accountability`, `technology_innovation`' },
  { name: 'sdgs', type: 'list', description: 'Objetivos de Desarrollo Sostenible (1–17)' },
  { name: 'inequality_focus', type: 'list', description: 'Enfoque de desigualdad: `gender`, `indigenous_peoples`, `disability`, `rural`, `youth`, `other`' },
  { name: 'public_problem', type: 'text', description: 'Problema público que atiende' },
  { name: 'description', type: 'text', description: 'En qué consiste el compromiso' },
  { name: 'updated_at', type: 'datetime', description: 'Última modificación del compromiso (ISO 8601, UTC)' },
];

export const MILESTONE_COLUMNS: readonly OpenDataColumn[] = [
  { name: 'milestone_id', type: 'uuid', description: 'Identificador del hito' },
  { name: 'commitment_id', type: 'uuid', description: 'Compromiso al que pertenece' },
  { name: 'commitment_code', type: 'text', description: 'Clave del compromiso' },
  { name: 'state_code', type: 'text', description: 'Clave INEGI de la entidad federativa' },
  { name: 'state_name', type: 'text', description: 'Entidad federativa' },
  { name: 'plan_id', type: 'uuid', description: 'Plan de Acción Local' },
  { name: 'plan_title', type: 'text', description: 'Título del plan' },
  { name: 'position', type: 'integer', description: 'Orden del hito dentro del compromiso (desde 1)' },
  { name: 'title', type: 'text', description: 'Título del hito' },
  { name: 'deliverable', type: 'text', description: 'Entregable' },
  { name: 'means_of_verification', type: 'text', description: 'Medio de verificación' },
  { name: 'responsible_organization', type: 'text', description: 'Organización responsable' },
  { name: 'start_date', type: 'date', description: 'Fecha de inicio (AAAA-MM-DD)' },
  { name: 'due_date', type: 'date', description: 'Fecha límite (AAAA-MM-DD, en la zona horaria del estado)' },
  { name: 'due_at', type: 'datetime', description: 'Instante en que vence: fin del día límite en la zona horaria del estado (ISO 8601, UTC)' },
  { name: 'weight', type: 'integer', description: 'Peso en el compromiso (los pesos de un compromiso suman 100)' },
  { name: 'status', type: 'text', description: '`pending`, `in_progress`, `submitted`, `approved` o `returned`' },
  { name: 'overdue', type: 'boolean', description: '`true` si la fecha límite pasó y el hito no está aprobado' },
  { name: 'submitted_at', type: 'datetime', description: 'Último envío a revisión' },
  { name: 'reviewed_at', type: 'datetime', description: 'Última revisión del organismo garante' },
  { name: 'evidence_urls', type: 'list', description: 'Evidencias públicas vigentes: enlaces y direcciones de descarga de archivos' },
  { name: 'updated_at', type: 'datetime', description: 'Última modificación del hito (ISO 8601, UTC)' },
];

const JSON_TYPES: Record<ColumnType, Record<string, unknown>> = {
  uuid: { type: 'string', format: 'uuid' },
  text: { type: 'string' },
  integer: { type: 'integer' },
  boolean: { type: 'boolean' },
  date: { type: 'string', format: 'date' },
  datetime: { type: 'string', format: 'date-time' },
  list: { type: 'array', items: { oneOf: [{ type: 'string' }, { type: 'integer' }] } },
};

/** OpenAPI schema of the JSON export (an array of flat records). */
export function jsonSchemaOf(columns: readonly OpenDataColumn[]) {
  return {
    type: 'array',
    items: {
      type: 'object',
      properties: Object.fromEntries(columns.map((c) => [c.name, { ...JSON_TYPES[c.type], nullable: true, description: c.description }])),
    },
  };
}
