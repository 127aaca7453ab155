import { useQuery } from '@tanstack/react-query';
import { Link, useLocation, useParams } from 'react-router';
import { api, call } from '../../api/client';
import { useSession } from '../../auth/session';
import { Confirmation, ErrorSummary, Loading, PageTitle, ProblemNotice } from '../../components/ui';
import { formatDateTime } from '../../lib/format';
import { label, ROLE_DESCRIPTION, SECTOR_LABEL } from '../../lib/labels';
import { useSubmit } from '../../lib/use-submit';

/** The e-mailed invitation link: see what it is, sign in or register, then accept. */
export default function Invitation() {
  const { token = '' } = useParams();
  const session = useSession();
  const location = useLocation();
  const preview = useQuery({
    queryKey: ['invitation', token],
    queryFn: () => call(api.GET('/api/v1/invitations/{token}', { params: { path: { token } } })),
  });
  const accept = useSubmit(async () => {
    await call(api.POST('/api/v1/invitations/{token}/accept', { params: { path: { token } } }));
    await session.reload();
  });
  const here = encodeURIComponent(location.pathname);

  if (preview.isPending) return <Loading what="la invitación" />;
  if (preview.isError)
    return (
      <>
        <PageTitle>Invitación</PageTitle>
        <ProblemNotice problem={preview.error} />
      </>
    );
  const inv = preview.data;
  return (
    <>
      <PageTitle>Invitación a {inv.secretariatName}</PageTitle>
      <p className="lead">
        Te invitan como {ROLE_DESCRIPTION[inv.role] ?? inv.role} del sector <strong>{label(SECTOR_LABEL, inv.sector)}</strong>
        {inv.organizationName && <> por {inv.organizationName}</>}
        {inv.isCoordinator && ', con funciones de coordinación'}.
      </p>
      <p className="muted">
        Enviada a {inv.emailHint}. Vence el {formatDateTime(inv.expiresAt)}.
      </p>
      {accept.done ? (
        <Confirmation>
          <p>Ya formas parte de {inv.secretariatName}.</p>
          <p>
            <Link to="/">Ir al inicio</Link>
          </p>
        </Confirmation>
      ) : inv.status !== 'pending' ? (
        <div className="notice notice-error" role="alert">
          {inv.status === 'accepted' ? 'Esta invitación ya fue aceptada.' : inv.status === 'expired' ? 'Esta invitación venció. Pide a la coordinación que te envíe otra.' : 'Esta invitación fue retirada.'}
        </div>
      ) : session.status === 'signed-in' ? (
        <>
          {accept.problem && <ErrorSummary message={accept.message} errors={accept.fieldErrors} labels={{}} />}
          <p>Entraste como {session.user?.email}.</p>
          <button className="button" type="button" disabled={accept.busy} onClick={() => void accept.submit()}>
            {accept.busy ? 'Aceptando…' : 'Aceptar la invitación'}
          </button>
        </>
      ) : session.status === 'anonymous' ? (
        <>
          <p>Para aceptarla, entra con la cuenta del correo al que llegó la invitación, o crea una.</p>
          <div className="actions">
            <Link className="button" to={`/entrar?siguiente=${here}`}>
              Iniciar sesión
            </Link>
            <Link className="button button-secondary" to={`/registro?siguiente=${here}`}>
              Crear una cuenta
            </Link>
          </div>
        </>
      ) : (
        <Loading what="tu sesión" />
      )}
    </>
  );
}
