import { PageTitle } from '../../components/ui';

export default function SecretariatPage() {
  return <PageTitle>Secretariado</PageTitle>;
}
