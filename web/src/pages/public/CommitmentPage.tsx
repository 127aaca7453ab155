import { PageTitle } from '../../components/ui';

export default function CommitmentPage() {
  return <PageTitle>Compromiso</PageTitle>;
}
