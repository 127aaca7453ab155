import { useQuery } from '@tanstack/react-query';
import { api, call } from '../../api/client';

export const SECTORS = ['government', 'civil_society', 'guarantor'] as const;
export type Sector = (typeof SECTORS)[number];

export const ORG_KIND_LABEL: Record<string, string> = {
  dependencia: 'Dependencia',
  ayuntamiento: 'Ayuntamiento',
  poder_legislativo: 'Poder legislativo',
  poder_judicial: 'Poder judicial',
  organo_autonomo: 'Órgano autónomo',
  osc: 'Organización de la sociedad civil',
  academia: 'Academia',
  organismo_garante: 'Organismo garante',
  otro: 'Otro',
};
/** Which kinds each sector admits (the API refuses others with `kind_sector_mismatch`). */
export const KINDS_BY_SECTOR: Record<Sector, string[]> = {
  government: ['dependencia', 'ayuntamiento', 'poder_legislativo', 'poder_judicial', 'organo_autonomo', 'otro'],
  civil_society: ['osc', 'academia', 'otro'],
  guarantor: ['organismo_garante'],
};

export const INVITATION_STATUS_LABEL: Record<string, string> = { pending: 'Pendiente', accepted: 'Aceptada', expired: 'Vencida', revoked: 'Revocada' };

/** Organizations of a state (up to 100), for choosing a seat's organization. */
export function useStateOrganizations(stateCode: string | undefined, sector?: Sector) {
  return useQuery({
    queryKey: ['organizations', stateCode, sector ?? 'all', ''],
    queryFn: () => call(api.GET('/api/v1/organizations', { params: { query: { state: stateCode, sector, limit: 100 } } })),
    enabled: Boolean(stateCode),
  });
}
