import { Link } from 'react-router';
import { RequireSignIn } from '../../auth/RequireSignIn';
import { useSession } from '../../auth/session';
import { Badge, EmptyState, PageTitle } from '../../components/ui';
import { label, ROLE_LABEL, SECRETARIAT_STATUS_LABEL, SECTOR_LABEL } from '../../lib/labels';

/** The secretariats the signed-in person belongs to, with their role in each (from GET /me). */
export default function MySecretariats() {
  return (
    <RequireSignIn>
      <MySecretariatsScreen />
    </RequireSignIn>
  );
}

function MySecretariatsScreen() {
  const { user } = useSession();
  const memberships = user?.memberships ?? [];
  return (
    <>
      <PageTitle>Mis secretariados</PageTitle>
      {memberships.length === 0 ? (
        <EmptyState title="Aún no formas parte de ningún secretariado">
          Cuando la coordinación de un Secretariado Técnico Local te invite, recibirás un correo con un enlace para unirte.
        </EmptyState>
      ) : (
        <ul className="cards">
          {memberships.map((m) => (
            <li key={m.membershipId} className="card">
              <h2>
                <Link to={`/mis-secretariados/${m.secretariatId}`}>{m.secretariatName}</Link>
              </h2>
              <p className="meta">
                <Badge tone={m.secretariatStatus === 'active' ? 'success' : m.secretariatStatus === 'suspended' || m.secretariatStatus === 'dissolved' ? 'warning' : 'info'}>
                  {label(SECRETARIAT_STATUS_LABEL, m.secretariatStatus)}
                </Badge>
                <span>{m.stateName}</span>
              </p>
              <p>
                Participas por el sector <strong>{label(SECTOR_LABEL, m.sector)}</strong>
                {m.organizationName && <> en representación de {m.organizationName}</>}, como {label(ROLE_LABEL, m.role)}
                {m.isCoordinator && ' y con funciones de coordinación'}.
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
