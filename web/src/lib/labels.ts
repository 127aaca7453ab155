// Spanish labels for the API's English identifiers (DESIGN §3).

export const SECTOR_LABEL: Record<string, string> = {
  government: 'Gobierno',
  civil_society: 'Sociedad civil',
  guarantor: 'Organismo garante',
};

export const PLAN_STAGE_LABEL: Record<string, string> = {
  draft: 'Borrador',
  consultation: 'Consulta',
  deliberation: 'Deliberación',
  voting: 'Votación',
  adoption: 'Adopción',
  implementation: 'Implementación',
  evaluation: 'Evaluación',
  closed: 'Cerrado',
  cancelled: 'Cancelado',
};
export const PLAN_STAGES = ['draft', 'consultation', 'deliberation', 'voting', 'adoption', 'implementation', 'evaluation', 'closed'] as const;

export const SECRETARIAT_STATUS_LABEL: Record<string, string> = {
  promoting: 'Grupo promotor',
  declared: 'Declaratoria firmada',
  installed: 'Instalado',
  active: 'En funciones',
  suspended: 'Suspendido',
  dissolved: 'Disuelto',
};

export const COMMITMENT_STATUS_LABEL: Record<string, string> = {
  not_started: 'Sin iniciar',
  in_progress: 'En curso',
  completed: 'Concluido',
  withdrawn: 'Retirado',
};

/** IRM completion scale. */
export const COMPLETION_LABEL: Record<string, string> = {
  not_started: 'Sin iniciar',
  limited: 'Limitado',
  substantial: 'Sustancial',
  complete: 'Completo',
};

export const MILESTONE_STATUS_LABEL: Record<string, string> = {
  pending: 'Pendiente',
  in_progress: 'En curso',
  submitted: 'Entregado, en revisión',
  approved: 'Aprobado por el órgano garante',
  returned: 'Devuelto con observaciones',
};

export const OGP_VALUE_LABEL: Record<string, string> = {
  access_to_information: 'Acceso a la información',
  civic_participation: 'Participación ciudadana',
  public_accountability: 'Rendición de cuentas',
  technology_innovation: 'Tecnología e innovación',
};

export const INEQUALITY_LABEL: Record<string, string> = {
  gender: 'Género',
  indigenous_peoples: 'Pueblos indígenas',
  disability: 'Discapacidad',
  rural: 'Zonas rurales',
  youth: 'Juventudes',
  other: 'Otro',
};

export const CHOICE_LABEL: Record<string, string> = { approve: 'A favor', reject: 'En contra', abstain: 'Abstención' };

export const OUTCOME_LABEL: Record<string, string> = { approved: 'Aprobado', rejected: 'Rechazado', no_quorum: 'Sin quórum' };

export const DECISION_RULE_LABEL: Record<string, string> = {
  tripartite_consensus: 'Consenso de los tres sectores (cada sector a favor)',
  two_sector_majority: 'Mayoría de dos sectores (al menos dos a favor, todos con quórum)',
  simple_majority: 'Mayoría simple de todos los asientos, con quórum por sector',
};

export const SUBJECT_TYPE_LABEL: Record<string, string> = { proposal: 'Propuesta', plan_adoption: 'Adopción del plan', motion: 'Moción' };

/** A member's role in a secretariat: short (header, lists) and described (invitations). */
export const ROLE_LABEL: Record<string, string> = { titular: 'titular', alternate: 'suplente', observer: 'observación', facilitator: 'facilitación' };
export const ROLE_DESCRIPTION: Record<string, string> = {
  titular: 'titular (propietario) del asiento',
  alternate: 'suplente del asiento',
  observer: 'persona observadora (sin voto)',
  facilitator: 'persona facilitadora (sin voto)',
};

export const label = (table: Record<string, string>, key: string | null | undefined) => (key ? table[key] ?? key : '—');
