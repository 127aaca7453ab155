import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, call, setAccessToken, setBeforeRequest, WEB_CLIENT_HEADERS, type Schemas } from '../api/client';

type User = Schemas['UserDto'];
type Pair = Schemas['TokenPairDto'];

export interface Session {
  status: 'loading' | 'anonymous' | 'signed-in';
  user: User | null;
  signIn(email: string, password: string): Promise<void>;
  register(name: string, email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** After a password change the API hands out a fresh session. */
  adopt(pair: Pair): Promise<void>;
  setUser(user: User): void;
}

const SessionContext = createContext<Session | null>(null);
/** Refresh this long before the access token expires. */
const EARLY_MS = 60_000;

/**
 * Serialises refreshes across tabs: two tabs presenting the same rotating cookie at once
 * would look like a stolen token and end the session.
 */
function withRefreshLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  return locks ? (locks.request('cocrea-refresh', fn) as Promise<T>) : fn();
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<Session['status']>('loading');
  const [user, setUser] = useState<User | null>(null);
  const expiresAt = useRef(0);
  const inflight = useRef<Promise<boolean> | null>(null);
  const queryClient = useQueryClient();

  const accept = useCallback((pair: Pair) => {
    setAccessToken(pair.accessToken);
    expiresAt.current = Date.now() + pair.expiresIn * 1000;
  }, []);

  const clear = useCallback(() => {
    setAccessToken(null);
    expiresAt.current = 0;
    setUser(null);
    setStatus('anonymous');
    queryClient.clear();
  }, [queryClient]);

  /** Rotates the cookie for a new access token; false when there is no session. */
  const refresh = useCallback((): Promise<boolean> => {
    inflight.current ??= withRefreshLock(async () => {
      const { data, response } = await api.POST('/api/v1/auth/refresh', { headers: WEB_CLIENT_HEADERS, body: {} });
      if (!response.ok || !data) return false;
      accept(data);
      return true;
    })
      .catch(() => false)
      .finally(() => {
        inflight.current = null;
      });
    return inflight.current;
  }, [accept]);

  const loadUser = useCallback(async () => {
    const me = await call(api.GET('/api/v1/me'));
    setUser(me);
    setStatus('signed-in');
  }, []);

  // On start: a refresh cookie from an earlier visit restores the session. Its readable
  // marker says whether there is one, so anonymous visitors send no refresh at all.
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const ok = document.cookie.split('; ').includes('cocrea_session=1') && (await refresh());
      if (cancelled) return;
      if (ok) await loadUser().catch(() => clear());
      else setStatus('anonymous');
    })();
    return () => {
      cancelled = true;
    };
  }, [refresh, loadUser, clear]);

  // Before any API call, renew a token that is about to expire (silent refresh).
  useEffect(() => {
    setBeforeRequest(async () => {
      if (expiresAt.current && Date.now() > expiresAt.current - EARLY_MS) {
        if (!(await refresh())) clear();
      }
    });
    return () => setBeforeRequest(null);
  }, [refresh, clear]);

  // And on a timer, so an idle open tab keeps its session.
  useEffect(() => {
    if (status !== 'signed-in') return;
    const timer = setInterval(() => {
      if (Date.now() > expiresAt.current - EARLY_MS) void refresh().then((ok) => ok || clear());
    }, 30_000);
    return () => clearInterval(timer);
  }, [status, refresh, clear]);

  const session = useMemo<Session>(
    () => ({
      status,
      user,
      async signIn(email, password) {
        accept(await call(api.POST('/api/v1/auth/login', { headers: WEB_CLIENT_HEADERS, body: { email, password } })));
        queryClient.clear();
        await loadUser();
      },
      async register(name, email, password) {
        const registered = await call(api.POST('/api/v1/auth/register', { headers: WEB_CLIENT_HEADERS, body: { name, email, password } }));
        accept(registered);
        queryClient.clear();
        setUser(registered.user);
        setStatus('signed-in');
      },
      async signOut() {
        await api.POST('/api/v1/auth/logout', { headers: WEB_CLIENT_HEADERS, body: {} }).catch(() => undefined);
        clear();
      },
      async adopt(pair) {
        accept(pair);
      },
      setUser,
    }),
    [status, user, accept, loadUser, clear, queryClient],
  );

  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
