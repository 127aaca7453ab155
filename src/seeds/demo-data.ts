import { OrganizationKind } from '../catalog/organization-kind';
import { Sector } from '../catalog/sector';
import { MilestoneStatus } from '../commitments/milestone-states';
import { PlanStage } from '../plans/plan-stages';
import { Choice } from '../voting/tally';

/**
 * The demo dataset, built from the commitments that the II Cumbre Nacional de Gobierno
 * Abierto (INAI, 2019; ../shared/seed/cumbre-gobierno-abierto-2019.txt) presented as
 * results: Campeche, Durango, Veracruz, Jalisco, Oaxaca, Zacatecas, Tlaxcala and Chihuahua.
 * Problems, solutions and figures (96 %, 1,437 users, 41 companies, the portals) come from
 * the document; guarantor bodies and government agencies are the real institutions of each
 * state; civil-society organizations other than the ones the document names, milestone
 * breakdowns and dates are illustrative.
 *
 * Days are relative to the moment the demo is loaded (negative = past), shifted per state
 * by `offsetDays`, so deadlines stay meaningful whenever the demo is loaded: some
 * milestones approved, some submitted, some overdue, some upcoming.
 */
export interface DemoOrganization {
  key: string;
  name: string;
  sector: Sector;
  kind: OrganizationKind;
}

export interface DemoEvidence {
  description: string;
  url: string;
  /** Default true; false = only members see it. */
  public?: boolean;
}

export interface DemoMilestone {
  title: string;
  deliverable: string;
  meansOfVerification: string;
  responsible: string;
  startDay: number;
  dueDay: number;
  weight: number;
  status: MilestoneStatus;
  evidence?: DemoEvidence[];
  observations?: string;
}

export interface DemoIndicator {
  name: string;
  description: string;
  unit: string;
  baseline: number;
  target: number;
  measurements: { day: number; value: number; source: string; sourceUrl?: string; note?: string }[];
}

export interface DemoProposal {
  title: string;
  publicProblem: string;
  statusQuo: string;
  description: string;
  howItSolves: string;
  ogpValues: string[];
  sdgs: number[];
  inequalityFocus: string[];
  author: string;
  lead: string;
  coResponsible: string[];
}

export interface DemoCommitment extends DemoProposal {
  /** Ballot secrecy of the round that accepted it (default public). */
  secrecy?: 'public' | 'secret';
  /** Choices that differ from `approve`, by organization key. */
  dissent?: Record<string, Choice>;
  milestones: DemoMilestone[];
  indicators?: DemoIndicator[];
}

export interface DemoState {
  code: string;
  secretariatName: string;
  offsetDays: number;
  organizations: DemoOrganization[];
  plan: { title: string; description: string; stage: PlanStage };
  commitments: DemoCommitment[];
  /** Proposals that did not become commitments: a draft (never public) or one rejected in a vote. */
  otherProposals?: (DemoProposal & { outcome: 'draft' | 'rejected'; dissent?: Record<string, Choice> })[];
}

const OGP = {
  info: 'access_to_information',
  participation: 'civic_participation',
  accountability: 'public_accountability',
  tech: 'technology_innovation',
};

export const DEMO_STATES: DemoState[] = [
  {
    code: '04',
    secretariatName: 'Secretariado Técnico Local de Gobierno Abierto de Campeche',
    offsetDays: -120,
    organizations: [
      { key: 'seduc', name: 'Secretaría de Educación del Estado de Campeche', sector: 'government', kind: 'dependencia' },
      { key: 'sdr', name: 'Secretaría de Desarrollo Rural del Estado de Campeche', sector: 'government', kind: 'dependencia' },
      { key: 'padres', name: 'Asociación Estatal de Padres de Familia de Campeche', sector: 'civil_society', kind: 'osc' },
      { key: 'apicultores', name: 'Red de Apicultoras y Apicultores de Champotón', sector: 'civil_society', kind: 'osc' },
      { key: 'cotaipec', name: 'Comisión de Transparencia y Acceso a la Información Pública del Estado de Campeche (COTAIPEC)', sector: 'guarantor', kind: 'organismo_garante' },
    ],
    plan: {
      title: 'Plan de Acción Local de Gobierno Abierto de Campeche',
      description: 'Primer plan de acción del Secretariado Técnico Local: trámites escolares ágiles y cadenas de valor incluyentes.',
      stage: 'evaluation',
    },
    commitments: [
      {
        title: 'Inscripciones escolares en línea para educación básica',
        publicProblem: 'Los procesos para la inscripción de alumnos en el nivel básico eran demasiado complejos.',
        statusQuo: 'Las familias hacían filas en cada plantel, pagaban cuotas de inscripción sin comprobante y repetían trámites cada ciclo escolar.',
        description: 'Reingeniería del proceso de inscripción del alumnado con un esquema tecnológico de inscripciones en línea diseñado junto con madres y padres de familia.',
        howItSolves: 'Reduce tiempos y cargas administrativas, evita costos y traslados a las familias y cierra espacios a la corrupción en las cuotas de inscripción.',
        ogpValues: [OGP.info, OGP.participation, OGP.tech],
        sdgs: [4, 16],
        inequalityFocus: ['rural'],
        author: 'padres',
        lead: 'seduc',
        coResponsible: ['padres'],
        milestones: [
          { title: 'Diagnóstico participativo del proceso de inscripción', deliverable: 'Diagnóstico con mapa del trámite y puntos de riesgo de corrupción', meansOfVerification: 'Documento publicado en el portal del Secretariado', responsible: 'padres', startDay: -330, dueDay: -280, weight: 25, status: 'approved', evidence: [{ description: 'Diagnóstico del proceso de inscripción (PDF)', url: 'https://www.campeche.gob.mx/gobierno-abierto/diagnostico-inscripciones.pdf' }] },
          { title: 'Diseño del esquema de inscripción en línea con madres y padres de familia', deliverable: 'Prototipo validado en mesas de trabajo', meansOfVerification: 'Minutas de las mesas de trabajo', responsible: 'seduc', startDay: -280, dueDay: -220, weight: 25, status: 'approved' },
          { title: 'Operación del sistema de inscripciones en línea en el ciclo escolar', deliverable: 'Sistema en operación en todas las escuelas de educación básica', meansOfVerification: 'Reporte de inscripciones del ciclo escolar', responsible: 'seduc', startDay: -220, dueDay: -120, weight: 50, status: 'approved', evidence: [{ description: 'Reporte del ciclo de inscripciones en línea', url: 'https://www.campeche.gob.mx/gobierno-abierto/reporte-inscripciones-en-linea' }] },
        ],
        indicators: [
          {
            name: 'Efectividad de las inscripciones en línea',
            description: 'Porcentaje de solicitudes de inscripción en línea concluidas sin acudir al plantel.',
            unit: '%',
            baseline: 0,
            target: 90,
            measurements: [{ day: -110, value: 96, source: 'Secretaría de Educación del Estado de Campeche, reporte del ciclo de inscripciones', note: '96% de efectividad en las inscripciones en línea (II Cumbre Nacional de Gobierno Abierto, 2019).' }],
          },
        ],
      },
      {
        title: 'Integración de grupos apicultores de Champotón a la cadena de valor de la miel',
        publicProblem: 'Las comunidades apicultoras de Champotón venden su miel a intermediarios, sin acceso a información de precios ni a mercados.',
        statusQuo: 'Tres grupos apicultores del municipio de Champotón operan sin registro, certificación ni acuerdos de comercialización.',
        description: 'Plan de acción para la integración y empoderamiento de tres grupos apicultores del municipio de Champotón en la cadena de valor de la miel.',
        howItSolves: 'Publica información de precios y programas de apoyo y acompaña a los grupos en la certificación y comercialización de su miel.',
        ogpValues: [OGP.info, OGP.participation],
        sdgs: [1, 8, 10],
        inequalityFocus: ['rural', 'gender'],
        author: 'apicultores',
        lead: 'sdr',
        coResponsible: ['apicultores'],
        milestones: [
          { title: 'Padrón público de grupos apicultores de Champotón', deliverable: 'Padrón en datos abiertos', meansOfVerification: 'Conjunto de datos publicado', responsible: 'sdr', startDay: -300, dueDay: -240, weight: 30, status: 'approved', evidence: [{ description: 'Padrón de apicultores (CSV)', url: 'https://www.campeche.gob.mx/datos-abiertos/padron-apicultores-champoton.csv' }] },
          { title: 'Talleres de certificación y comercialización', deliverable: 'Tres talleres con los grupos apicultores', meansOfVerification: 'Listas de asistencia y memorias', responsible: 'apicultores', startDay: -240, dueDay: -150, weight: 40, status: 'approved' },
          { title: 'Convenio de comercialización de la miel de Champotón', deliverable: 'Convenio firmado con compradores', meansOfVerification: 'Convenio publicado', responsible: 'sdr', startDay: -150, dueDay: -60, weight: 30, status: 'returned', observations: 'El convenio entregado no incluye a uno de los tres grupos apicultores; favor de integrarlo.' },
        ],
      },
    ],
  },
  {
    code: '10',
    secretariatName: 'Secretariado Técnico Local de Gobierno Abierto de Durango',
    offsetDays: 0,
    organizations: [
      { key: 'srnma', name: 'Secretaría de Recursos Naturales y Medio Ambiente del Estado de Durango', sector: 'government', kind: 'dependencia' },
      { key: 'ayto', name: 'Ayuntamiento de Durango', sector: 'government', kind: 'ayuntamiento' },
      { key: 'aire', name: 'Colectivo Aire Limpio Durango', sector: 'civil_society', kind: 'osc' },
      { key: 'ujed', name: 'Universidad Juárez del Estado de Durango', sector: 'civil_society', kind: 'academia' },
      { key: 'idaip', name: 'Instituto Duranguense de Acceso a la Información Pública y de Protección de Datos Personales (IDAIP)', sector: 'guarantor', kind: 'organismo_garante' },
    ],
    plan: {
      title: 'Plan de Acción Local de Gobierno Abierto de Durango',
      description: 'Diálogo entre autoridades, productores y vecinos para mejorar la calidad del aire.',
      stage: 'implementation',
    },
    commitments: [
      {
        title: 'Reubicación de ladrilleras fuera de zonas habitacionales',
        publicProblem: 'La contaminación ambiental producida por la operación de fábricas de ladrillos en zonas habitacionales.',
        statusQuo: 'Hornos ladrilleros artesanales operan junto a viviendas, con quemas de combustibles contaminantes y sin estándares de producción.',
        description: 'Apertura al diálogo con productores y vecinos para reubicar las ladrilleras y mejorar los estándares de calidad en la producción.',
        howItSolves: 'Aleja las emisiones de las zonas habitacionales y reduce la contaminación con mejores prácticas: a menor contaminación, mejor calidad de vida.',
        ogpValues: [OGP.participation, OGP.accountability],
        sdgs: [3, 11, 13],
        inequalityFocus: [],
        author: 'aire',
        lead: 'srnma',
        coResponsible: ['aire', 'ujed'],
        dissent: { ayto: 'abstain' },
        milestones: [
          { title: 'Censo público de ladrilleras en zonas habitacionales', deliverable: 'Censo georreferenciado', meansOfVerification: 'Mapa y base de datos publicados', responsible: 'srnma', startDay: -260, dueDay: -200, weight: 20, status: 'approved', evidence: [{ description: 'Censo georreferenciado de ladrilleras', url: 'https://www.durango.gob.mx/srnma/censo-ladrilleras' }] },
          { title: 'Acuerdo de reubicación con productores ladrilleros', deliverable: 'Acuerdo firmado por productores, Ayuntamiento y Gobierno del Estado', meansOfVerification: 'Acuerdo publicado', responsible: 'ayto', startDay: -200, dueDay: -120, weight: 30, status: 'approved', evidence: [{ description: 'Acuerdo de reubicación firmado', url: 'https://www.municipiodurango.gob.mx/gobierno-abierto/acuerdo-ladrilleras.pdf' }] },
          { title: 'Habilitación del parque ladrillero y traslado de hornos', deliverable: 'Hornos trasladados al parque ladrillero', meansOfVerification: 'Informe fotográfico y actas de entrega', responsible: 'srnma', startDay: -120, dueDay: -20, weight: 30, status: 'submitted', evidence: [{ description: 'Informe de traslado de hornos', url: 'https://www.durango.gob.mx/srnma/informe-traslado-hornos' }] },
          { title: 'Monitoreo ciudadano de la calidad del aire', deliverable: 'Tablero público de mediciones', meansOfVerification: 'Tablero en línea y reportes trimestrales', responsible: 'ujed', startDay: -60, dueDay: 90, weight: 20, status: 'in_progress' },
        ],
        indicators: [
          { name: 'Ladrilleras del censo reubicadas', description: 'Porcentaje de las ladrilleras censadas en zonas habitacionales que operan ya en el parque ladrillero.', unit: '%', baseline: 0, target: 100, measurements: [] },
        ],
      },
    ],
    otherProposals: [
      {
        outcome: 'rejected',
        title: 'Prohibición inmediata de hornos ladrilleros en la capital',
        publicProblem: 'Las emisiones de los hornos ladrilleros afectan la salud de quienes viven cerca.',
        statusQuo: 'No existe una restricción vigente para hornos en zonas habitacionales.',
        description: 'Cierre inmediato de todos los hornos ladrilleros en la mancha urbana.',
        howItSolves: 'Elimina la fuente de emisiones de inmediato.',
        ogpValues: [OGP.accountability],
        sdgs: [3],
        inequalityFocus: [],
        author: 'aire',
        lead: 'ayto',
        coResponsible: [],
        dissent: { srnma: 'reject', ayto: 'reject' },
      },
    ],
  },
  {
    code: '30',
    secretariatName: 'Secretariado Técnico Local de Gobierno Abierto de Veracruz',
    offsetDays: 0,
    organizations: [
      { key: 'sev', name: 'Secretaría de Educación de Veracruz', sector: 'government', kind: 'dependencia' },
      { key: 'sedarpa', name: 'Secretaría de Desarrollo Agropecuario, Rural y Pesca de Veracruz', sector: 'government', kind: 'dependencia' },
      { key: 'uv', name: 'Universidad Veracruzana', sector: 'civil_society', kind: 'academia' },
      { key: 'observatorio', name: 'Observatorio Ciudadano de la Educación en Veracruz', sector: 'civil_society', kind: 'osc' },
      { key: 'ivai', name: 'Instituto Veracruzano de Acceso a la Información y Protección de Datos Personales (IVAI)', sector: 'guarantor', kind: 'organismo_garante' },
    ],
    plan: {
      title: 'Plan de Acción Local de Gobierno Abierto de Veracruz',
      description: 'Información útil para decidir el futuro educativo y políticas agroecológicas cocreadas.',
      stage: 'implementation',
    },
    commitments: [
      {
        title: 'Sitio de información para elegir bachillerato (Prepárate)',
        publicProblem: 'Desinformación para la elección de bachilleratos acordes a las preferencias del alumnado y calidad de las escuelas.',
        statusQuo: 'La información sobre oferta y calidad de los bachilleratos está dispersa entre subsistemas y no es comparable.',
        description: 'Publicación de información útil para la toma de decisiones de padres de familia y estudiantes de bachillerato en Veracruz.',
        howItSolves: 'Concentra con TIC la información sobre la calidad de los bachilleratos: las y los jóvenes cuentan con una herramienta para decidir su futuro educativo.',
        ogpValues: [OGP.info, OGP.tech],
        sdgs: [4],
        inequalityFocus: ['youth'],
        author: 'uv',
        lead: 'sev',
        coResponsible: ['uv', 'observatorio'],
        milestones: [
          { title: 'Integración de la base de datos de bachilleratos', deliverable: 'Base de datos de oferta y resultados por plantel', meansOfVerification: 'Conjunto de datos publicado', responsible: 'sev', startDay: -260, dueDay: -190, weight: 30, status: 'approved', evidence: [{ description: 'Minuta de la mesa de trabajo con lista de asistencia (datos personales)', url: 'https://intranet.sev.gob.mx/gobierno-abierto/minuta-mesa-3.pdf', public: false }] },
          { title: 'Publicación del sitio Prepárate', deliverable: 'Sitio en línea con buscador de bachilleratos', meansOfVerification: 'Sitio en línea', responsible: 'uv', startDay: -190, dueDay: -100, weight: 40, status: 'approved', evidence: [{ description: 'Sitio Prepárate', url: 'http://148.226.12.43/preparate/' }] },
          { title: 'Campaña de difusión en secundarias', deliverable: 'Sesiones informativas en secundarias públicas', meansOfVerification: 'Reporte de sesiones', responsible: 'observatorio', startDay: -100, dueDay: -15, weight: 30, status: 'in_progress' },
        ],
        indicators: [
          {
            name: 'Personas que han utilizado la información del sitio',
            description: 'Personas usuarias del sitio Prepárate.',
            unit: 'personas',
            baseline: 0,
            target: 2000,
            measurements: [{ day: -40, value: 1437, source: 'Registro de visitas del sitio Prepárate', sourceUrl: 'http://148.226.12.43/preparate/', note: '1,437 personas han utilizado la información del sitio (II Cumbre Nacional de Gobierno Abierto, 2019).' }],
          },
        ],
      },
      {
        title: 'Políticas públicas agroecológicas para el manejo sostenible de los agrosistemas',
        publicProblem: 'El impacto de la industria agrícola en el medio ambiente del estado.',
        statusQuo: 'No existe un espacio de diálogo multisectorial sobre prácticas agroecológicas.',
        description: 'Generación de políticas públicas agroecológicas para el manejo sostenible de los agrosistemas y de diálogo multisectorial.',
        howItSolves: 'Implementa políticas cocreadas con productores y academia para mitigar el impacto de la industria agrícola al medio ambiente.',
        ogpValues: [OGP.participation],
        sdgs: [2, 12, 15],
        inequalityFocus: ['rural'],
        author: 'observatorio',
        lead: 'sedarpa',
        coResponsible: ['uv'],
        milestones: [
          { title: 'Mesa multisectorial de agroecología', deliverable: 'Mesa instalada con reglas de operación', meansOfVerification: 'Acta de instalación', responsible: 'sedarpa', startDay: -200, dueDay: -130, weight: 40, status: 'approved' },
          { title: 'Lineamientos de manejo sostenible de agrosistemas', deliverable: 'Lineamientos publicados', meansOfVerification: 'Publicación en la Gaceta Oficial', responsible: 'sedarpa', startDay: -130, dueDay: 60, weight: 60, status: 'pending' },
        ],
      },
    ],
  },
  {
    code: '14',
    secretariatName: 'Secretariado Técnico Local de Gobierno Abierto de Jalisco',
    offsetDays: 0,
    organizations: [
      { key: 'sisemh', name: 'Secretaría de Igualdad Sustantiva entre Mujeres y Hombres de Jalisco', sector: 'government', kind: 'dependencia' },
      { key: 'styps', name: 'Secretaría del Trabajo y Previsión Social de Jalisco', sector: 'government', kind: 'dependencia' },
      { key: 'igualdad', name: 'Colectivo por la Igualdad Laboral de Jalisco', sector: 'civil_society', kind: 'osc' },
      { key: 'itei', name: 'Instituto de Transparencia, Información Pública y Protección de Datos Personales del Estado de Jalisco (ITEI)', sector: 'guarantor', kind: 'organismo_garante' },
    ],
    plan: {
      title: 'Plan de Acción Local de Gobierno Abierto de Jalisco',
      description: 'Políticas cocreadas para cerrar las brechas laborales y salariales entre mujeres y hombres.',
      stage: 'implementation',
    },
    commitments: [
      {
        title: 'Registro de Empresas Igualitarias (REGINA)',
        publicProblem: 'Desigualdad laboral y salarial entre hombres y mujeres en la entidad.',
        statusQuo: 'No hay información pública sobre las prácticas de igualdad de las empresas del estado.',
        description: 'Puesta en marcha del Registro de Empresas Igualitarias (REGINA), que reconoce a empresas y organizaciones con buenas prácticas laborales.',
        howItSolves: 'Fomenta buenas prácticas laborales para cerrar brechas salariales entre hombres y mujeres y las hace visibles.',
        ogpValues: [OGP.info, OGP.accountability],
        sdgs: [5, 8, 10],
        inequalityFocus: ['gender'],
        author: 'igualdad',
        lead: 'sisemh',
        coResponsible: ['igualdad'],
        secrecy: 'secret',
        milestones: [
          { title: 'Criterios de reconocimiento de empresas igualitarias', deliverable: 'Criterios publicados', meansOfVerification: 'Publicación oficial', responsible: 'sisemh', startDay: -250, dueDay: -190, weight: 25, status: 'approved' },
          { title: 'Plataforma del registro REGINA', deliverable: 'Registro público en línea', meansOfVerification: 'Sitio en línea', responsible: 'styps', startDay: -190, dueDay: -110, weight: 35, status: 'approved', evidence: [{ description: 'Registro de Empresas Igualitarias', url: 'https://igualdad.jalisco.gob.mx/regina' }] },
          { title: 'Primera generación de empresas reconocidas', deliverable: 'Empresas u organizaciones reconocidas como igualitarias', meansOfVerification: 'Listado público de empresas reconocidas', responsible: 'sisemh', startDay: -110, dueDay: -30, weight: 40, status: 'submitted', evidence: [{ description: 'Listado de empresas reconocidas', url: 'https://igualdad.jalisco.gob.mx/regina/empresas-reconocidas' }] },
        ],
        indicators: [
          {
            name: 'Empresas u organizaciones reconocidas como igualitarias',
            description: 'Empresas u organizaciones inscritas en REGINA con reconocimiento vigente.',
            unit: 'empresas',
            baseline: 0,
            target: 50,
            measurements: [{ day: -25, value: 41, source: 'Registro de Empresas Igualitarias (REGINA)', sourceUrl: 'https://igualdad.jalisco.gob.mx/regina/empresas-reconocidas', note: '41 empresas u organizaciones reconocidas como igualitarias (II Cumbre Nacional de Gobierno Abierto, 2019).' }],
          },
        ],
      },
    ],
  },
  {
    code: '20',
    secretariatName: 'Secretariado Técnico Local de Gobierno Abierto de Oaxaca',
    offsetDays: 0,
    organizations: [
      { key: 'sefin', name: 'Secretaría de Finanzas del Gobierno del Estado de Oaxaca', sector: 'government', kind: 'dependencia' },
      { key: 'contraloria', name: 'Secretaría de la Contraloría y Transparencia Gubernamental de Oaxaca', sector: 'government', kind: 'dependencia' },
      { key: 'exatec', name: 'Sociedad de Exalumnos del Tecnológico de Monterrey, Oaxaca', sector: 'civil_society', kind: 'osc' },
      { key: 'presupuesto', name: 'Colectivo Presupuesto Abierto Oaxaca', sector: 'civil_society', kind: 'osc' },
      { key: 'iaip', name: 'Instituto de Acceso a la Información Pública y Protección de Datos Personales de Oaxaca (IAIP)', sector: 'guarantor', kind: 'organismo_garante' },
    ],
    plan: {
      title: 'Plan de Acción Local de Gobierno Abierto de Oaxaca',
      description: 'Información clara sobre el uso y destino de los recursos públicos para detonar la rendición de cuentas.',
      stage: 'implementation',
    },
    commitments: [
      {
        title: 'Presupuesto ciudadano',
        publicProblem: 'Dificultad en el acceso a la información clara y transparente sobre uso y destino de los recursos públicos.',
        statusQuo: 'El presupuesto estatal se publica sólo en formatos técnicos, difíciles de entender para la ciudadanía.',
        description: 'La sociedad de exalumnos del TEC y el organismo garante publican el Presupuesto ciudadano 2018 en un portal en línea, en el marco del ejercicio local de gobierno abierto.',
        howItSolves: 'La ciudadanía oaxaqueña puede saber cómo, cuánto y en qué se gastan los recursos públicos, y usar esa información para exigir cuentas.',
        ogpValues: [OGP.info, OGP.accountability],
        sdgs: [16],
        inequalityFocus: ['indigenous_peoples'],
        author: 'exatec',
        lead: 'sefin',
        coResponsible: ['exatec', 'presupuesto'],
        secrecy: 'secret',
        dissent: { contraloria: 'abstain' },
        milestones: [
          { title: 'Versión ciudadana del presupuesto 2018', deliverable: 'Documento del presupuesto ciudadano en lenguaje claro', meansOfVerification: 'Documento publicado', responsible: 'sefin', startDay: -260, dueDay: -200, weight: 30, status: 'approved' },
          { title: 'Portal del presupuesto ciudadano', deliverable: 'Portal en línea con visualizaciones del gasto', meansOfVerification: 'Portal en línea', responsible: 'exatec', startDay: -200, dueDay: -120, weight: 40, status: 'approved', evidence: [{ description: 'Portal del presupuesto ciudadano', url: 'http://www.presupuestociudadano.iaipoaxaca.org.mx' }] },
          { title: 'Difusión en las ocho regiones del estado, con traducción a lenguas indígenas', deliverable: 'Talleres regionales y materiales traducidos', meansOfVerification: 'Memorias de los talleres', responsible: 'presupuesto', startDay: -120, dueDay: -10, weight: 20, status: 'in_progress' },
          { title: 'Actualización con el presupuesto del siguiente ejercicio', deliverable: 'Portal actualizado', meansOfVerification: 'Portal en línea', responsible: 'sefin', startDay: 0, dueDay: 120, weight: 10, status: 'pending' },
        ],
      },
    ],
    otherProposals: [
      {
        outcome: 'draft',
        title: 'Datos abiertos de la obra pública municipal',
        publicProblem: 'No se conoce el avance ni el costo de la obra pública en los municipios.',
        statusQuo: 'Borrador en preparación: todavía no se envía al secretariado.',
        description: 'Publicar en datos abiertos los contratos y avances de la obra pública municipal.',
        howItSolves: 'Permite a la ciudadanía vigilar la obra pública de su municipio.',
        ogpValues: [OGP.info],
        sdgs: [11, 16],
        inequalityFocus: [],
        author: 'presupuesto',
        lead: 'contraloria',
        coResponsible: [],
      },
    ],
  },
  {
    code: '32',
    secretariatName: 'Secretariado Técnico Local de Gobierno Abierto de Zacatecas',
    offsetDays: 0,
    organizations: [
      { key: 'seduvot', name: 'Secretaría de Desarrollo Urbano, Vivienda y Ordenamiento Territorial de Zacatecas', sector: 'government', kind: 'dependencia' },
      { key: 'legislatura', name: 'Legislatura del Estado de Zacatecas', sector: 'government', kind: 'poder_legislativo' },
      { key: 'arquitectos', name: 'Colegio de Arquitectos de Zacatecas', sector: 'civil_society', kind: 'osc' },
      { key: 'izai', name: 'Instituto Zacatecano de Transparencia, Acceso a la Información y Protección de Datos Personales (IZAI)', sector: 'guarantor', kind: 'organismo_garante' },
    ],
    plan: {
      title: 'Plan de Acción Local de Gobierno Abierto de Zacatecas',
      description: 'Participación ciudadana para un ordenamiento territorial acorde a las necesidades de la entidad.',
      stage: 'implementation',
    },
    commitments: [
      {
        title: 'Reforma participativa al Código Urbano del Estado de Zacatecas',
        publicProblem: 'Desorden territorial a la luz de ordenamientos jurídicos obsoletos.',
        statusQuo: 'El Código Urbano vigente no responde al crecimiento de las ciudades ni incluye mecanismos de participación.',
        description: 'Amplia participación ciudadana para la construcción de legislación acorde a las necesidades de la entidad federativa.',
        howItSolves: 'Gracias a la participación de la ciudadanía y al impulso del STL se genera una iniciativa de reforma al Código Urbano ante la Legislatura Local.',
        ogpValues: [OGP.participation],
        sdgs: [11, 16],
        inequalityFocus: [],
        author: 'arquitectos',
        lead: 'seduvot',
        coResponsible: ['arquitectos'],
        milestones: [
          { title: 'Foros regionales de consulta sobre el Código Urbano', deliverable: 'Relatoría de los foros', meansOfVerification: 'Relatorías publicadas', responsible: 'arquitectos', startDay: -250, dueDay: -190, weight: 30, status: 'approved', evidence: [{ description: 'Relatoría de los foros regionales', url: 'https://seduvot.zacatecas.gob.mx/gobierno-abierto/relatoria-foros.pdf' }] },
          { title: 'Iniciativa de reforma presentada ante la Legislatura Local', deliverable: 'Iniciativa presentada', meansOfVerification: 'Acuse de recepción de la Legislatura', responsible: 'seduvot', startDay: -190, dueDay: -100, weight: 40, status: 'approved' },
          { title: 'Dictamen de la iniciativa en comisiones', deliverable: 'Dictamen aprobado en comisiones', meansOfVerification: 'Gaceta parlamentaria', responsible: 'legislatura', startDay: -100, dueDay: -5, weight: 30, status: 'pending' },
        ],
      },
    ],
  },
  {
    code: '29',
    secretariatName: 'Secretariado Técnico Local de Gobierno Abierto de Tlaxcala',
    offsetDays: 230,
    organizations: [
      { key: 'ssc', name: 'Secretaría de Seguridad Ciudadana de Tlaxcala', sector: 'government', kind: 'dependencia' },
      { key: 'iem', name: 'Instituto Estatal de la Mujer de Tlaxcala', sector: 'government', kind: 'dependencia' },
      { key: 'mujeres', name: 'Colectivo Mujeres Seguras Tlaxcala', sector: 'civil_society', kind: 'osc' },
      { key: 'iaiptlax', name: 'Instituto de Acceso a la Información Pública y Protección de Datos Personales del Estado de Tlaxcala (IAIPTLAX)', sector: 'guarantor', kind: 'organismo_garante' },
    ],
    plan: {
      title: 'Plan de Acción Local de Gobierno Abierto de Tlaxcala',
      description: 'Gobierno abierto desde lo local contra la violencia hacia las mujeres.',
      stage: 'adoption',
    },
    commitments: [
      {
        title: 'Botón de pánico para alertar a las autoridades sobre situaciones de riesgo para las mujeres',
        publicProblem: 'Las mujeres en situación de riesgo no cuentan con un medio inmediato para alertar a las autoridades.',
        statusQuo: 'Las llamadas de emergencia no identifican la ubicación ni dan seguimiento a los casos de riesgo para las mujeres.',
        description: 'Apoyo en la construcción de un Botón de Pánico para alertar a las autoridades sobre situaciones de riesgo a las mujeres en la entidad.',
        howItSolves: 'Ofrece una herramienta para contribuir a la reducción de los feminicidios.',
        ogpValues: [OGP.participation, OGP.tech],
        sdgs: [5, 16],
        inequalityFocus: ['gender'],
        author: 'mujeres',
        lead: 'ssc',
        coResponsible: ['mujeres', 'iem'],
        milestones: [
          { title: 'Protocolo de atención de alertas con perspectiva de género', deliverable: 'Protocolo publicado', meansOfVerification: 'Publicación oficial', responsible: 'iem', startDay: -20, dueDay: 40, weight: 30, status: 'pending' },
          { title: 'Aplicación del botón de pánico', deliverable: 'Aplicación disponible para teléfonos móviles', meansOfVerification: 'Aplicación publicada', responsible: 'ssc', startDay: 40, dueDay: 150, weight: 50, status: 'pending' },
          { title: 'Informe público de alertas atendidas', deliverable: 'Informe trimestral en datos abiertos', meansOfVerification: 'Conjunto de datos publicado', responsible: 'ssc', startDay: 150, dueDay: 240, weight: 20, status: 'pending' },
        ],
      },
    ],
  },
  {
    code: '08',
    secretariatName: 'Secretariado Técnico Local de Gobierno Abierto de Chihuahua',
    offsetDays: 270,
    organizations: [
      { key: 'hacienda', name: 'Secretaría de Hacienda del Estado de Chihuahua', sector: 'government', kind: 'dependencia' },
      { key: 'compras', name: 'Iniciativa Ciudadana por las Compras Abiertas de Chihuahua', sector: 'civil_society', kind: 'osc' },
      { key: 'ichitaip', name: 'Instituto Chihuahuense para la Transparencia y Acceso a la Información Pública (ICHITAIP)', sector: 'guarantor', kind: 'organismo_garante' },
    ],
    // Not published yet (voting): the portal must not show it.
    plan: {
      title: 'Plan de Acción Local de Gobierno Abierto de Chihuahua',
      description: 'Contrataciones públicas abiertas para detonar la rendición de cuentas.',
      stage: 'voting',
    },
    commitments: [
      {
        title: 'Plataforma de contrataciones públicas en tiempo real',
        publicProblem: 'La información de las contrataciones públicas se publica tarde e incompleta.',
        statusQuo: 'Los procedimientos de contratación se conocen sólo al concluir, en formatos no reutilizables.',
        description: 'Plataforma en línea que busca transparentar las contrataciones públicas en tiempo real.',
        howItSolves: 'Construye información útil para detonar ejercicios efectivos de rendición de cuentas y atención de problemas públicos.',
        ogpValues: [OGP.info, OGP.accountability, OGP.tech],
        sdgs: [16],
        inequalityFocus: [],
        author: 'compras',
        lead: 'hacienda',
        coResponsible: ['compras'],
        milestones: [
          { title: 'Estándar de datos de contrataciones abiertas', deliverable: 'Estándar adoptado', meansOfVerification: 'Acuerdo publicado', responsible: 'hacienda', startDay: 0, dueDay: 60, weight: 40, status: 'pending' },
          { title: 'Plataforma en línea con procedimientos en curso', deliverable: 'Plataforma en operación', meansOfVerification: 'Sitio en línea', responsible: 'hacienda', startDay: 60, dueDay: 180, weight: 60, status: 'pending' },
        ],
      },
    ],
  },
];

/** Demo accounts and their place in Oaxaca's secretariat (the state with two seats per sector, DESIGN §3). */
export const DEMO_HOME_STATE = '20';
export const DEMO_PASSWORD = 'gobierno-abierto-2019';

export interface DemoAccountSpec {
  email: string;
  name: string;
  role: string;
  platformAdmin?: boolean;
  /** Organization key of the seat it holds in the home secretariat, or its non-voting role. */
  seat?: { organization: string; role: 'titular' | 'alternate' };
  member?: { role: 'observer' | 'facilitator'; sector: Sector; coordinator: boolean };
}

export const DEMO_ACCOUNT_SPECS: DemoAccountSpec[] = [
  { email: 'admin@cocrea.demo', name: 'Administración de la plataforma', role: 'Administración de la plataforma', platformAdmin: true },
  { email: 'coordinacion@cocrea.demo', name: 'Coordinación del STL de Oaxaca', role: 'Coordinación (Oaxaca)', member: { role: 'facilitator', sector: 'guarantor', coordinator: true } },
  { email: 'osc@cocrea.demo', name: 'Titular de la Sociedad de Exalumnos del Tec', role: 'Titular OSC (Oaxaca)', seat: { organization: 'exatec', role: 'titular' } },
  { email: 'gobierno@cocrea.demo', name: 'Titular de la Secretaría de Finanzas', role: 'Titular de gobierno (Oaxaca)', seat: { organization: 'sefin', role: 'titular' } },
  { email: 'garante@cocrea.demo', name: 'Titular del IAIP Oaxaca', role: 'Titular del organismo garante (Oaxaca)', seat: { organization: 'iaip', role: 'titular' } },
  { email: 'suplente@cocrea.demo', name: 'Suplente de la Sociedad de Exalumnos del Tec', role: 'Suplente OSC (Oaxaca)', seat: { organization: 'exatec', role: 'alternate' } },
  { email: 'observador@cocrea.demo', name: 'Persona observadora', role: 'Observación (Oaxaca)', member: { role: 'observer', sector: 'civil_society', coordinator: false } },
];
