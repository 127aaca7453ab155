/** The OGP commitment template's vocabularies (DESIGN §3). */
export const OGP_VALUES = ['access_to_information', 'civic_participation', 'public_accountability', 'technology_innovation'] as const;
export type OgpValue = (typeof OGP_VALUES)[number];
/** At least one of these: technology and innovation alone is not an open-government commitment. */
export const CORE_OGP_VALUES: readonly OgpValue[] = ['access_to_information', 'civic_participation', 'public_accountability'];

export const INEQUALITY_FOCUS = ['gender', 'indigenous_peoples', 'disability', 'rural', 'youth', 'other'] as const;
export type InequalityFocus = (typeof INEQUALITY_FOCUS)[number];

export const OGP_VALUE_LABELS: Record<OgpValue, string> = {
  access_to_information: 'Acceso a la información',
  civic_participation: 'Participación ciudadana',
  public_accountability: 'Rendición de cuentas',
  technology_innovation: 'Tecnología e innovación para la apertura y la rendición de cuentas',
};

/** Text limits (characters). Text is stored and returned verbatim: markup is never interpreted. */
export const LIMITS = { title: 200, section: 5000, detail: 500, comment: 5000, response: 5000 } as const;

/** The template fields a proposal carries (and a commitment inherits). */
export const TEMPLATE_FIELDS = [
  'title',
  'publicProblem',
  'statusQuo',
  'description',
  'howItSolves',
  'ogpValues',
  'sdgs',
  'inequalityFocus',
  'inequalityFocusDetail',
  'leadAgencyId',
  'coResponsibleOrganizationIds',
] as const;
export type TemplateField = (typeof TEMPLATE_FIELDS)[number];
