import { PageTitle } from '../../components/ui';

export function Portal() {
  return <PageTitle>Planes de acción publicados</PageTitle>;
}
