import { EntityManager } from 'typeorm';
import { unprocessable } from '../common/errors/domain-error';

/**
 * DESIGN §10: a secretariat refers only to organizations of its own state (a municipal
 * secretariat: of the state its municipality is in). 422 `organization_other_state` naming
 * the first offender; ids that do not exist are left to the caller's own check. Every route
 * that takes an organization id for a secretariat calls this.
 */
export async function requireOrganizationsInState(em: EntityManager, secretariatId: string, organizationIds: readonly (string | null | undefined)[]): Promise<void> {
  const ids = [...new Set(organizationIds.filter((id): id is string => !!id))];
  if (!ids.length) return;
  const [other] = await em.query(
    `SELECT o.name, os.name AS org_state, ss.name AS secretariat_state
       FROM secretariats s JOIN states ss ON ss.code = s.state_code
       JOIN organizations o ON o.id = ANY($2::uuid[]) AND o.state_code <> s.state_code
       JOIN states os ON os.code = o.state_code
      WHERE s.id = $1 LIMIT 1`,
    [secretariatId, ids],
  );
  if (other) {
    throw unprocessable(
      'organization_other_state',
      `La organización "${other.name}" es de ${other.org_state}; un secretariado de ${other.secretariat_state} solo puede referirse a organizaciones de su entidad.`,
    );
  }
}
