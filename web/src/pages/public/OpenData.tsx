import { PageTitle } from '../../components/ui';

export default function OpenData() {
  return <PageTitle>Datos</PageTitle>;
}
