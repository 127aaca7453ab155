import { Link } from 'react-router';
import { PageTitle } from '../components/ui';

export function NotFound() {
  return (
    <>
      <PageTitle>No encontramos esta página</PageTitle>
      <p>Puede que la dirección esté mal escrita o que la página ya no exista.</p>
      <p>
        <Link to="/">Ver los planes de acción publicados</Link>
      </p>
    </>
  );
}
