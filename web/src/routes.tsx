import { lazy, Suspense, type ComponentType } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { Layout } from './components/Layout';
import { Loading } from './components/ui';
import { NotFound } from './pages/NotFound';
import { Portal } from './pages/public/Portal';

/** Screens past the first page load on demand, so the portal stays within its byte budget. */
function lazyPage(load: () => Promise<{ default: ComponentType }>): ComponentType {
  const Page = lazy(load);
  return function LazyPage() {
    return (
      <Suspense fallback={<Loading what="la página" />}>
        <Page />
      </Suspense>
    );
  };
}

const PlanPage = lazyPage(() => import('./pages/public/PlanPage'));
const CommitmentPage = lazyPage(() => import('./pages/public/CommitmentPage'));
const SecretariatPage = lazyPage(() => import('./pages/public/SecretariatPage'));
const Dashboard = lazyPage(() => import('./pages/public/Dashboard'));
const OpenData = lazyPage(() => import('./pages/public/OpenData'));
const Accessibility = lazyPage(() => import('./pages/Accessibility'));
const Login = lazyPage(() => import('./pages/account/Login'));
const Register = lazyPage(() => import('./pages/account/Register'));
const ForgotPassword = lazyPage(() => import('./pages/account/ForgotPassword'));
const ResetPassword = lazyPage(() => import('./pages/account/ResetPassword'));
const Profile = lazyPage(() => import('./pages/account/Profile'));
const Invitation = lazyPage(() => import('./pages/account/Invitation'));
const ProposalView = lazyPage(() => import('./pages/members/ProposalView'));
const MySecretariats = lazyPage(() => import('./pages/members/MySecretariats'));
const SecretariatView = lazyPage(() => import('./pages/members/SecretariatView'));
const NewPlan = lazyPage(() => import('./pages/members/NewPlan'));
const PlanWorkspace = lazyPage(() => import('./pages/members/PlanWorkspace'));
const Tasks = lazyPage(() => import('./pages/members/Tasks'));
const RoundView = lazyPage(() => import('./pages/voting/RoundView'));
const RoundsList = lazyPage(() => import('./pages/voting/RoundsList'));
const OpenRound = lazyPage(() => import('./pages/voting/OpenRound'));
const RoundRecord = lazyPage(() => import('./pages/voting/RoundRecord'));
const Notifications = lazyPage(() => import('./pages/notifications/Notifications'));
const NotificationPreferences = lazyPage(() => import('./pages/notifications/Preferences'));
const ProposalList = lazyPage(() => import('./pages/proposals/ProposalList'));
const NewProposal = lazyPage(() => import('./pages/proposals/ProposalForm').then((m) => ({ default: m.NewProposal })));
const EditProposal = lazyPage(() => import('./pages/proposals/ProposalForm').then((m) => ({ default: m.EditProposal })));
const AuditTrail = lazyPage(() => import('./pages/audit/AuditTrail'));
const SecretariatAdmin = lazyPage(() => import('./pages/admin/SecretariatAdmin'));
const PlatformAdmin = lazyPage(() => import('./pages/admin/PlatformAdmin'));
const ResponseQueue = lazyPage(() => import('./pages/proposals/ResponseQueue'));
const CommitmentView = lazyPage(() => import('./pages/commitments/CommitmentView'));
const Indicators = lazyPage(() => import('./pages/indicators/Indicators'));
const ProgressReports = lazyPage(() => import('./pages/indicators/ProgressReports'));
const Milestones = lazyPage(() => import('./pages/milestones/Milestones'));
const MilestonePage = lazyPage(() => import('./pages/milestones/MilestonePage'));
const ReviewQueue = lazyPage(() => import('./pages/milestones/ReviewQueue'));
const RespondToProposal = lazyPage(() => import('./pages/proposals/ResponseQueue').then((m) => ({ default: m.RespondToProposal })));

/**
 * Every screen and its address. Declarative mode: react-router's data APIs would add ~16 kB
 * gzipped to the first page, and the screens fetch through TanStack Query anyway.
 */
export function AppRoutes() {
  return (
    <BrowserRouter>
      <Routes>
        <Route element={<Layout />}>
          <Route path="/" element={<Portal />} />
          <Route path="/planes/:id" element={<PlanPage />} />
          <Route path="/compromisos/:id" element={<CommitmentPage />} />
          <Route path="/secretariados/:id" element={<SecretariatPage />} />
          <Route path="/tablero" element={<Dashboard />} />
          <Route path="/datos" element={<OpenData />} />
          <Route path="/accesibilidad" element={<Accessibility />} />
          <Route path="/entrar" element={<Login />} />
          <Route path="/registro" element={<Register />} />
          <Route path="/olvide-mi-contrasena" element={<ForgotPassword />} />
          <Route path="/restablecer/:token" element={<ResetPassword />} />
          <Route path="/perfil" element={<Profile />} />
          <Route path="/invitaciones/:token" element={<Invitation />} />
          <Route path="/propuestas/:id" element={<ProposalView />} />
          <Route path="/votaciones/:id" element={<RoundView />} />
          <Route path="/votaciones/:id/acta" element={<RoundRecord />} />
          <Route path="/mis-secretariados/:id/votaciones" element={<RoundsList />} />
          <Route path="/mis-secretariados/:id/votaciones/nueva" element={<OpenRound />} />
          <Route path="/notificaciones" element={<Notifications />} />
          <Route path="/notificaciones/preferencias" element={<NotificationPreferences />} />
          <Route path="/pendientes" element={<Tasks />} />
          <Route path="/mis-secretariados" element={<MySecretariats />} />
          <Route path="/mis-secretariados/:id" element={<SecretariatView />} />
          <Route path="/mis-secretariados/:id/planes/nuevo" element={<NewPlan />} />
          <Route path="/mis-secretariados/:id/administracion" element={<SecretariatAdmin />} />
          <Route path="/mis-secretariados/:id/bitacora" element={<AuditTrail />} />
          <Route path="/administracion" element={<PlatformAdmin />} />
          <Route path="/gestion/planes/:id" element={<PlanWorkspace />} />
          <Route path="/gestion/planes/:id/propuestas" element={<ProposalList />} />
          <Route path="/gestion/planes/:id/propuestas/nueva" element={<NewProposal />} />
          <Route path="/gestion/planes/:id/propuestas/respuestas" element={<ResponseQueue />} />
          <Route path="/propuestas/:id/editar" element={<EditProposal />} />
          <Route path="/propuestas/:id/responder" element={<RespondToProposal />} />
          <Route path="/gestion/compromisos/:id" element={<CommitmentView />} />
          <Route path="/gestion/compromisos/:id/indicadores" element={<Indicators />} />
          <Route path="/gestion/compromisos/:id/informes" element={<ProgressReports />} />
          <Route path="/gestion/compromisos/:id/hitos" element={<Milestones />} />
          <Route path="/gestion/hitos/:id" element={<MilestonePage />} />
          <Route path="/mis-secretariados/:id/revision" element={<ReviewQueue />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
