import { Sector } from './sector';

export const ORGANIZATION_KINDS = [
  'dependencia',
  'ayuntamiento',
  'poder_legislativo',
  'poder_judicial',
  'organo_autonomo',
  'osc',
  'academia',
  'organismo_garante',
  'otro',
] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

/** Which kinds of organization may act for each sector. */
export const KINDS_BY_SECTOR: Record<Sector, readonly OrganizationKind[]> = {
  government: ['dependencia', 'ayuntamiento', 'poder_legislativo', 'poder_judicial', 'organo_autonomo', 'otro'],
  civil_society: ['osc', 'academia', 'otro'],
  guarantor: ['organismo_garante'],
};

export const kindFitsSector = (kind: OrganizationKind, sector: Sector) => KINDS_BY_SECTOR[sector].includes(kind);
