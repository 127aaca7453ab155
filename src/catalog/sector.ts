/** The three sectors of a Secretariado Técnico Local (DESIGN §3). */
export const SECTORS = ['government', 'civil_society', 'guarantor'] as const;
export type Sector = (typeof SECTORS)[number];

export const SECTOR_LABELS: Record<Sector, string> = {
  government: 'Gobierno (autoridades y entes públicos)',
  civil_society: 'Sociedad civil (OSC y academia)',
  guarantor: 'Organismo garante de transparencia',
};
