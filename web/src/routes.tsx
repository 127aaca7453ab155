import { lazy, Suspense, type ComponentType } from 'react';
import { createBrowserRouter } from 'react-router';
import { Layout } from './components/Layout';
import { Loading } from './components/ui';
import { NotFound } from './pages/NotFound';
import { Portal } from './pages/public/Portal';

/** Screens past the first page load on demand, so the portal stays within its byte budget. */
function page(load: () => Promise<{ default: ComponentType }>) {
  const Page = lazy(load);
  return (
    <Suspense fallback={<Loading what="la página" />}>
      <Page />
    </Suspense>
  );
}

export const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { path: '/', element: <Portal /> },
      { path: '/planes/:id', element: page(() => import('./pages/public/PlanPage')) },
      { path: '/compromisos/:id', element: page(() => import('./pages/public/CommitmentPage')) },
      { path: '/secretariados/:id', element: page(() => import('./pages/public/SecretariatPage')) },
      { path: '/tablero', element: page(() => import('./pages/public/Dashboard')) },
      { path: '/datos', element: page(() => import('./pages/public/OpenData')) },
      { path: '/accesibilidad', element: page(() => import('./pages/Accessibility')) },
      { path: '/entrar', element: page(() => import('./pages/account/Login')) },
      { path: '/registro', element: page(() => import('./pages/account/Register')) },
      { path: '/olvide-mi-contrasena', element: page(() => import('./pages/account/ForgotPassword')) },
      { path: '/restablecer/:token', element: page(() => import('./pages/account/ResetPassword')) },
      { path: '/perfil', element: page(() => import('./pages/account/Profile')) },
      { path: '/invitaciones/:token', element: page(() => import('./pages/account/Invitation')) },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
