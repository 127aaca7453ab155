import { Link, useParams } from 'react-router';
import { RequireSignIn } from '../../auth/RequireSignIn';
import { Breadcrumbs, Loading, PageTitle, ProblemNotice } from '../../components/ui';
import { allows } from '../../lib/actions';
import { useSecretariat } from '../../lib/use-secretariat';
import { Invitations } from './Invitations';
import { Lifecycle } from './Lifecycle';
import { Members } from './Members';
import { Organizations } from './Organizations';
import { Rules } from './Rules';
import { Seats } from './Seats';

/** A secretariat's administration (coordinators; platform admins): lifecycle, rules, seats, invitations, members, organizations. */
export default function SecretariatAdmin() {
  return (
    <RequireSignIn>
      <Screen />
    </RequireSignIn>
  );
}

function Screen() {
  const { id = '' } = useParams();
  const secretariat = useSecretariat(id);
  if (secretariat.isPending) return <Loading what="el secretariado" />;
  if (secretariat.isError)
    return (
      <>
        <PageTitle>Administración del secretariado</PageTitle>
        <ProblemNotice problem={secretariat.error} />
      </>
    );
  const s = secretariat.data;
  return (
    <>
      <Breadcrumbs items={[{ to: '/mis-secretariados', label: 'Mis secretariados' }, { to: `/mis-secretariados/${id}`, label: s.name }, { label: 'Administración' }]} />
      <PageTitle>Administración del secretariado</PageTitle>
      <p>
        {s.name} · <Link to={`/mis-secretariados/${id}/bitacora`}>Ver la bitácora</Link>
      </p>
      <Lifecycle secretariat={s} />
      <Rules secretariat={s} />
      <Seats secretariat={s} />
      <Invitations secretariat={s} />
      <Members secretariat={s} />
      <Organizations stateCode={s.stateCode} canManage={allows(s, 'seat.create')} />
    </>
  );
}
