import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Loading } from '../components/ui';
import { useSession } from './session';

/** Sends a visitor to sign in first and brings them back here afterwards. */
export function RequireSignIn({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.status === 'loading') return <Loading what="tu sesión" />;
  if (session.status === 'anonymous') return <Navigate to={`/entrar?siguiente=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <>{children}</>;
}
