import { PageTitle } from '../../components/ui';

export default function Dashboard() {
  return <PageTitle>Tablero</PageTitle>;
}
