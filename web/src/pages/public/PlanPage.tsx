import { PageTitle } from '../../components/ui';

export default function PlanPage() {
  return <PageTitle>Plan</PageTitle>;
}
