import { useEffect, useRef, useState } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { useSession } from '../auth/session';
import { label, ROLE_LABEL, SECTOR_LABEL } from '../lib/labels';
import { useUnreadCount } from '../pages/notifications/unread';
import { markNavigated } from './ui';

/** Header (product, who is signed in, menu), the page, and the footer with the public links. */
export function Layout() {
  const session = useSession();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const first = useRef(true);
  const unread = useUnreadCount(session.status === 'signed-in');

  useEffect(() => {
    setMenuOpen(false);
    if (first.current) first.current = false;
    else markNavigated();
  }, [location.pathname]);

  return (
    <>
      <a className="skip-link" href="#contenido">
        Saltar al contenido
      </a>
      <header className="site-header">
        <div className="header-inner">
          <Link to="/" className="brand">
            <span className="brand-mark" aria-hidden="true">
              C
            </span>
            <span>
              Cocrea <span className="brand-sub">Gobierno abierto local</span>
            </span>
          </Link>
          <button
            type="button"
            className="menu-toggle"
            aria-expanded={menuOpen}
            aria-controls="menu-principal"
            onClick={() => setMenuOpen((open) => !open)}
          >
            Menú
            {unread > 0 && (
              <span className="count-badge" aria-hidden="true">
                {unread}
              </span>
            )}
          </button>
          <nav id="menu-principal" aria-label="Menú principal" className={`main-nav${menuOpen ? ' open' : ''}`}>
            <ul>
              <li>
                <NavLink to="/" end>
                  Planes de acción
                </NavLink>
              </li>
              <li>
                <NavLink to="/tablero">Tablero nacional</NavLink>
              </li>
              <li>
                <NavLink to="/datos">Datos abiertos</NavLink>
              </li>
              {session.status === 'signed-in' ? (
                <>
                  <li>
                    <NavLink to="/pendientes">Pendientes</NavLink>
                  </li>
                  <li>
                    <NavLink to="/mis-secretariados">Mis secretariados</NavLink>
                  </li>
                  <li>
                    <NavLink to="/notificaciones">
                      Notificaciones
                      {unread > 0 && (
                        <span className="count-badge">
                          {unread}
                          <span className="visually-hidden"> sin leer</span>
                        </span>
                      )}
                    </NavLink>
                  </li>
                  {session.user?.isPlatformAdmin && (
                    <li>
                      <NavLink to="/administracion">Administración</NavLink>
                    </li>
                  )}
                  <li>
                    <NavLink to="/perfil">Mi perfil</NavLink>
                  </li>
                  <li>
                    <button type="button" className="link-button" onClick={() => void session.signOut()}>
                      Cerrar sesión
                    </button>
                  </li>
                </>
              ) : (
                <li>
                  <NavLink to="/entrar">Iniciar sesión</NavLink>
                </li>
              )}
            </ul>
          </nav>
        </div>
        {session.status === 'signed-in' && session.user && (
          <p className="who">
            <span className="visually-hidden">Sesión iniciada como </span>
            {session.user.name}
            {session.user.isPlatformAdmin && ' · Administración de la plataforma'}
            {session.user.memberships.map((m) => (
              <span key={m.membershipId} className="who-membership">
                {' · '}
                {m.secretariatName}: {label(SECTOR_LABEL, m.sector)}, {ROLE_LABEL[m.role] ?? m.role}
                {m.isCoordinator && ', coordinación'}
              </span>
            ))}
          </p>
        )}
      </header>
      <main id="contenido" className="page">
        <Outlet />
      </main>
      <footer className="site-footer">
        <ul>
          <li>
            <Link to="/datos">Datos abiertos</Link>
          </li>
          <li>
            <Link to="/accesibilidad">Accesibilidad</Link>
          </li>
          <li>
            <a href="/api/docs">API para desarrolladores</a>
          </li>
        </ul>
        <p>Cocrea: planes de acción locales de gobierno abierto de los Secretariados Técnicos Locales.</p>
      </footer>
    </>
  );
}
